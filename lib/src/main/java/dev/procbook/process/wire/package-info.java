/**
 * Authenticated, framed Unix-domain-socket channels, the one owner of a process's wiring (Wiring: flusher, hub,
 * handlers) and remote class loading, shared by the process and manager packages.
 */
package dev.procbook.process.wire;
