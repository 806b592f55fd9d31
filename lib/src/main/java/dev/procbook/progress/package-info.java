/**
 * Progress of long work, reported to whatever front end is listening: a notebook display updated in place, or nothing.
 */
package dev.procbook.progress;
