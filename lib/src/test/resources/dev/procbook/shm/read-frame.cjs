// Reads an Arrow IPC file with node's apache-arrow and prints every column's values as JSON.
// usage: node read-frame.cjs APACHE_ARROW_MODULE_DIR FILE
const { tableFromIPC } = require(process.argv[2]);
const fs = require('fs');
const table = tableFromIPC(fs.readFileSync(process.argv[3]));
const out = { rows: table.numRows, columns: [] };
for (const field of table.schema.fields) {
  const column = table.getChild(field.name);
  const values = [];
  for (let i = 0; i < table.numRows; i++) {
    const v = column.get(i);
    values.push(v === null ? null : typeof v === 'bigint' ? v.toString() : v instanceof Date ? v.getTime() : v);
  }
  out.columns.push({ name: field.name, type: String(field.type), values });
}
console.log(JSON.stringify(out));
