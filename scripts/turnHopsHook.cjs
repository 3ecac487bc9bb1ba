// Preloaded into the compiled service by scripts/turn-hops.ts (`node --require`): every function
// and class method our compiled modules export is wrapped, and each call from one of our files
// into another is counted, with whether an argument hands over the newcomer's message. Plain
// JavaScript: it is loaded before anything is compiled, and into older versions of the service.
'use strict';
const Module = require('node:module');
const path = require('node:path');
const { AsyncLocalStorage } = require('node:async_hooks');

const DIST = path.resolve(process.env.TURN_HOPS_DIST);
const OURS = /^(src|bots|dialogs)\//;
Error.stackTraceLimit = 60;

/**
 * Work a repeating timer started (the catalogue's poll, jobs, keep-alives), left out of the
 * count. All of the service's periodic work runs from setInterval; a turn's work descends from
 * requests and sockets, and the built-in Direct Line runs the bot from its own queue, so marking
 * the timers is what separates the two.
 */
const timerScope = new AsyncLocalStorage();
const setIntervalPlain = global.setInterval;
global.setInterval = function (callback, ...rest) {
  return setIntervalPlain((...args) => timerScope.run(true, () => callback(...args)), ...rest);
};

let counting = false;
let texts = new Set();
/** The words of each message, as the service's toTokens reads them. */
let wordLists = [];

/** `part` is `whole` with some words left out. */
function inOrder(part, whole) {
  let at = 0;
  for (const word of part) {
    while (at < whole.length && whole[at] !== word) at++;
    if (at++ >= whole.length) return false;
  }
  return true;
}

/** "caller -> callee" (caller "(library)" when no file of ours is on the stack) → counts. */
let edges = new Map();

const ourFile = (file) => {
  if (!file || !file.startsWith(DIST + path.sep)) return null;
  const relative = path.relative(DIST, file).replace(/\.js$/, '.ts');
  return OURS.test(relative) ? relative : null;
};

/** Our file nearest above the wrapper in the synchronous stack; library frames are skipped. */
function callerFile(wrapper) {
  const prepare = Error.prepareStackTrace;
  Error.prepareStackTrace = (_, sites) => sites;
  const holder = {};
  Error.captureStackTrace(holder, wrapper);
  const sites = holder.stack;
  Error.prepareStackTrace = prepare;
  for (const site of sites) {
    const file = ourFile(site.getFileName());
    if (file) return file;
  }
  return null;
}

/**
 * The message in any form: its text, its words as the service's own toTokens reads them (or a
 * part of them, as a matcher gets the words left after the town), its activity or turn context,
 * or an argument holding one of those two levels down (a TurnInput, an ask request, an analysis).
 */
function carriesMessage(value, depth) {
  if (typeof value === 'string') return texts.has(value.trim());
  if (!value || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.length > 0 && value.length <= 200 && value.every((v) => typeof v === 'string') && wordLists.some((list) => inOrder(value, list));
  if (typeof value.text === 'string' && texts.has(value.text.trim())) return true;
  if (depth >= 2) return false;
  let looked = 0;
  for (const key of Object.keys(value)) {
    if (++looked > 30) break;
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor && 'value' in descriptor && carriesMessage(descriptor.value, depth + 1)) return true;
  }
  return false;
}

/**
 * How many parameters a function declares (all of them with a rest parameter): an argument past
 * them is not handed over, as `words.map(stem)` passes the whole list to a stem that reads one
 * word. Read from the source, since `length` stops at the first default value.
 */
function declaredParameters(fn) {
  const source = Function.prototype.toString.call(fn);
  const open = source.indexOf('(');
  const arrow = source.indexOf('=>');
  if (arrow !== -1 && (open === -1 || arrow < open)) return 1;
  if (open === -1) return Infinity;
  let depth = 0;
  let commas = 0;
  let any = false;
  for (let i = open + 1; i < source.length; i++) {
    const c = source[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && c === ',') commas++;
    else if (depth === 0 && source.startsWith('...', i)) return Infinity;
    if (!/\s/.test(c)) any = true;
  }
  return any ? commas + 1 : 0;
}

function wrap(fn, callee) {
  const declared = declaredParameters(fn);
  const wrapper = function (...args) {
    if (counting && !timerScope.getStore()) {
      const caller = callerFile(wrapper) ?? '(library)';
      if (caller !== callee) {
        const key = `${caller} -> ${callee}`;
        const edge = edges.get(key) ?? { calls: 0, message: 0 };
        edge.calls++;
        if (args.some((a, i) => i < declared && carriesMessage(a, 0))) edge.message++;
        edges.set(key, edge);
      }
    }
    return fn.apply(this, args);
  };
  Object.defineProperty(wrapper, 'name', { value: fn.name });
  return wrapper;
}

const isClass = (fn) => /^class\b/.test(Function.prototype.toString.call(fn));
const wrapped = new WeakSet();

function wrapMethods(target, callee) {
  if (wrapped.has(target)) return;
  wrapped.add(target);
  for (const key of Object.getOwnPropertyNames(target)) {
    if (key === 'constructor' || key === 'prototype' || key === 'length' || key === 'name') continue;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (!descriptor || typeof descriptor.value !== 'function' || !descriptor.writable || isClass(descriptor.value)) continue;
    target[key] = wrap(descriptor.value, callee);
  }
}

function wrapExports(exports, callee) {
  if (!exports || (typeof exports !== 'object' && typeof exports !== 'function')) return;
  for (const key of Object.keys(exports)) {
    const descriptor = Object.getOwnPropertyDescriptor(exports, key);
    if (!descriptor || typeof descriptor.value !== 'function') continue;
    const value = descriptor.value;
    if (isClass(value)) {
      wrapMethods(value.prototype, callee);
      wrapMethods(value, callee);
    } else if (descriptor.writable && !wrapped.has(value)) {
      const replacement = wrap(value, callee);
      wrapped.add(replacement);
      exports[key] = replacement;
    }
  }
}

const load = Module._load;
Module._load = function (request, parent, isMain) {
  const exports = load.call(this, request, parent, isMain);
  let file;
  try {
    file = Module._resolveFilename(request, parent, isMain);
  } catch {
    return exports;
  }
  const callee = ourFile(file);
  if (callee) wrapExports(exports, callee);
  return exports;
};

process.on('message', (message) => {
  if (message.type === 'start') {
    texts = new Set(message.texts.map((t) => t.trim()));
    const { toTokens } = require(path.join(DIST, 'src', 'text', 'normalize.js'));
    wordLists = message.texts.map((t) => toTokens(t));
    edges = new Map();
    counting = true;
  } else if (message.type === 'stop') {
    counting = false;
    process.send({ type: 'edges', edges: [...edges].map(([key, edge]) => ({ key, ...edge })) });
  }
});
