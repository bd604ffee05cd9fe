// Builds dist/: Cytoscape.js copied as it is from its npm package (no
// bundler). relgraph embeds dist/ beside src/, the page's own files.
// Run by `make explorer`; dist/ is committed so `go build` needs no npm.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const here = __dirname;
const dist = path.join(here, 'dist');
const cytoscape = path.join(here, 'node_modules', 'cytoscape');

fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(dist);
fs.copyFileSync(path.join(cytoscape, 'dist', 'cytoscape.min.js'), path.join(dist, 'cytoscape.min.js'));
fs.copyFileSync(path.join(cytoscape, 'LICENSE'), path.join(dist, 'cytoscape.LICENSE.txt'));
const version = JSON.parse(fs.readFileSync(path.join(cytoscape, 'package.json'), 'utf8')).version;
console.log(`explorer: dist/ rebuilt with cytoscape ${version}`);
