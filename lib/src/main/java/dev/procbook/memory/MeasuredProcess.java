package dev.procbook.memory;

/**
 * A process of a tree together with its memory, read at one moment.
 *
 * @param process the pid, parent and command line
 * @param memory  its memory
 */
public record MeasuredProcess(ProcessEntry process, ProcessMemory memory) {
}
