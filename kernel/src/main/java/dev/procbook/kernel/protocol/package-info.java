/**
 * Jupyter messaging on top of jjava-jupyter: low-latency shell channels, replies the protocol library lacks, history.
 */
package dev.procbook.kernel.protocol;
