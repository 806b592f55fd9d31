/**
 * Memory of a process, a process tree and the system, read from /proc, sampled over time, charted, and sizes of object graphs and frames.
 */
package dev.procbook.memory;
