/**
 * IPython-style magics (%time, %timeit, %classpath, %load, %lsmagic, ...) handled by the kernel before JShell.
 */
package dev.procbook.kernel.magic;
