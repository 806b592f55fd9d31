/**
 * Authenticated, framed Unix-domain-socket channels and remote class loading, shared by the process and manager packages.
 */
package dev.procbook.process.wire;
