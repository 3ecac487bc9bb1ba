#!/usr/bin/env node
// `npm start`: the service compiled to JavaScript. Loading TypeScript through tsx cost about
// 1.3 s of every start; compiling takes about 10 s and happens only after the code changed.
'use strict';
require(require('./ensureBuilt').ensureBuilt());
