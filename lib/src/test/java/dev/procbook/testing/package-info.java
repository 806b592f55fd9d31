/** What the tests of every package share: waiting for an observable state instead of sleeping. */
package dev.procbook.testing;
