/**
 * Worker JVMs and the channels between them: Worker, Pool, Pipe, Connection, Queue, the counterparts of Python's multiprocessing.
 */
package dev.procbook.process;
