/**
 * Evaluation of notebook cells with JShell's local engine: snippets, values, errors, interrupts and the class bytes workers fetch.
 */
package dev.procbook.kernel.jshell;
