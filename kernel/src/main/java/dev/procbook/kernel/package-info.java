/**
 * The Procbook Jupyter kernel: Java evaluated by JShell inside the kernel JVM, with lib's helpers on its class path.
 */
package dev.procbook.kernel;
