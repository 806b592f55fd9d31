/** What the workbook's notebooks measured, recorded as they run, so that the tour can show it as the workbook's map. */
package dev.procbook.report;
