/** Python's figures beside ours: runs the project's Python baselines and reads the figures they print. */
package dev.procbook.baseline;
