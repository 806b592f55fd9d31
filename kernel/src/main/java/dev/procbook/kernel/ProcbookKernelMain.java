package dev.procbook.kernel; public class ProcbookKernelMain { public static void main(String[] a){} }
