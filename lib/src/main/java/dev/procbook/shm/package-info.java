/**
 * Named shared memory in /dev/shm that any process can attach by name (Python's multiprocessing.shared_memory
 * included), copy-on-write mappings, and Tablesaw tables published once as Arrow IPC files that other processes
 * attach without copying.
 */
package dev.procbook.shm;
