"""The Procbook kernel checked by jupyter_kernel_test, the Jupyter project's own conformance suite."""
import unittest

import jupyter_kernel_test


class ProcbookKernelConformanceTest(jupyter_kernel_test.KernelTests):
    kernel_name = "procbook"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'

    completion_samples = [
        {"text": "Math.ab", "matches": {"abs(", "absExact("}},
        {"text": "%timei", "matches": {"%timeit"}},
    ]

    complete_code_samples = ["1 + 1", "int a = 1;", "void f() { }", "%time 1 + 1"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int b = (1 +", "class C {"]
    invalid_code_samples = ["int 1x = 3;", "}"]

    code_page_something = "Math.max?"
    code_generate_error = 'throw new IllegalStateException("boom");'

    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": "List.of(1, 2)", "result": "[1, 2]"},
        {"code": 'Table.create("t", IntColumn.create("n", 1, 2))', "mime": "text/html"},
    ]
    code_display_data = [
        {"code": 'display(Table.create("t", IntColumn.create("n", 1, 2)));', "mime": "text/html"},
        {"code": "display(new XYChartBuilder().width(200).height(120).build());", "mime": "image/png"},
        {"code": "display(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB));",
         "mime": "image/png"},
    ]

    code_history_pattern = "6*7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"
    code_clear_output = "clearOutput();"


if __name__ == "__main__":
    unittest.main()
