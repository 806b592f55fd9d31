/**
 * Named shared-memory segments in /dev/shm, copy-on-write mappings and data frames shared between processes without copying.
 */
package dev.procbook.shm;
