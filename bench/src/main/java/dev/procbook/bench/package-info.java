/**
 * Benchmarks of lib, each a {@code main} that prints one JSON object per line, as the Python baselines do.
 */
package dev.procbook.bench;
