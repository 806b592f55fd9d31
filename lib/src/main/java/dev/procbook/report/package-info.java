/**
 * What the workbook's notebooks measured: verdicts against the seed's figures, and headline figures recorded as they
 * run, so that the tour can show them as the workbook's map.
 */
package dev.procbook.report;
