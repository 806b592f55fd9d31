/**
 * A server process that owns objects, and the typed and namespace proxies through which this and other processes call them, like Python's multiprocessing.Manager and its SyncManager types.
 */
package dev.procbook.manager;
