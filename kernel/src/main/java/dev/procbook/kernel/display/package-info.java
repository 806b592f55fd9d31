/**
 * Renderers that turn tables, charts and images into Jupyter display data, and displays updated in place.
 */
package dev.procbook.kernel.display;
