/**
 * A server process that owns objects and the proxies through which other processes call them, like Python's multiprocessing.Manager.
 */
package dev.procbook.manager;
