#!/usr/bin/env node
// Request benchmark on V8 (Node's WebAssembly: the engine Envoy and Higress embed). See bench/README.md "V8".
//
// usage: node bench/v8/v8bench.cjs [--rounds 5] [--block 2000] [--warmup 20000] [--starts 21] [--memory N]
//                                  CASE...
//   CASE = label=path/to/module.wasm[,config=JSON][,callouts=none|http|redis]
//
// Every case gets its own instance and host state. Requests are timed in blocks that take turns across the cases
// (interleaved), so a busy stretch of a shared machine falls on all of them alike; the report gives each case's
// median block (µs per request) and its ratio to the first case (the host floor). A request is: context create,
// request headers, callouts answered in-process (HTTP: 200 with a token JSON; Redis: the rate limiter's script reply,
// always under the limit), response headers when the request continued, done, log, delete.
//
// The host functions are JavaScript inside V8. Their work is kept close to what Envoy's C++ does per call: a header
// map is serialized on every fetch (Envoy builds it from its map on every proxy_get_header_map_pairs), strings are
// encoded once and reused (C++ holds bytes). The floor case pays exactly that for one fetch per request; what the
// other cases add is V8's boundary crossings and the guest's own work, which is what the SDK can change.
'use strict';
const fs = require('fs');

const options = { rounds: 5, block: 2000, warmup: 20000, starts: 21, memory: 0 };
const cases = [];
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i];
  if (arg.startsWith('--')) {
    const name = arg.slice(2);
    if (!(name in options)) throw new Error('unknown option ' + arg);
    options[name] = Number(process.argv[++i]);
    continue;
  }
  const eq = arg.indexOf('=');
  if (eq < 1) throw new Error('a case is label=path[,config=JSON][,callouts=KIND]: ' + arg);
  const label = arg.slice(0, eq);
  const parts = arg.slice(eq + 1).split(/,(?=config=|callouts=)/);
  const benchCase = { label, path: parts[0], config: '', callouts: 'none' };
  for (const part of parts.slice(1)) {
    const [key, ...rest] = part.split('=');
    benchCase[key] = rest.join('=');
  }
  if (!['none', 'http', 'redis'].includes(benchCase.callouts)) throw new Error(label + ': unknown callouts');
  cases.push(benchCase);
}
if (cases.length === 0) throw new Error('no cases; see the usage at the top of ' + __filename);

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const encoded = new Map();
function encode(text) {
  let bytes = encoded.get(text);
  if (bytes === undefined) {
    bytes = encoder.encode(text);
    if (encoded.size < 10000) encoded.set(text, bytes);
  }
  return bytes;
}

/** proxy-wasm's header map wire format: count, (key size, value size)*, then each key and value NUL-terminated. */
function serialize(pairs) {
  const parts = pairs.map(([k, v]) => [encode(k), encode(v)]);
  const size = 4 + parts.reduce((sum, [k, v]) => sum + 8 + k.length + v.length + 2, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, parts.length, true);
  let at = 4;
  for (const [k, v] of parts) {
    view.setUint32(at, k.length, true);
    view.setUint32(at + 4, v.length, true);
    at += 8;
  }
  for (const [k, v] of parts) {
    out.set(k, at);
    at += k.length + 1;
    out.set(v, at);
    at += v.length + 1;
  }
  return out;
}

/** A stream's header map. Serialized on every fetch, as Envoy serializes its map on every call. */
class HeaderMap {
  constructor(pairs) {
    this.pairs = pairs;
  }
  bytes() {
    return serialize(this.pairs);
  }
}

const REQUEST = [[':method', 'GET'], [':path', '/bench'], [':authority', 'bench.local'], [':scheme', 'http'],
  ['x-request-id', 'bench-request'], ['user-agent', 'bench/1.0'], ['x-api-key', 'key-1']];
const RESPONSE = [[':status', '200'], ['content-type', 'text/plain']];
const TOKEN_HEADERS = serialize([[':status', '200'], ['x-token', 'bench-token-0123456789'],
  ['content-type', 'application/json']]);
const TOKEN_BODY = encode('{"data":{"access_token":"bench-token-0123456789"},"expires_in":3600,"quota":"7"}');
const SCRIPT_REPLIES = Array.from({ length: 1000 }, (_, i) => encode('*3\r\n:1000000\r\n:' + (i + 1) + '\r\n:60\r\n'));
const SEVEN = encode('$1\r\n7\r\n');
const OK = 0, NOT_FOUND = 1, CAS_MISMATCH = 8, UNIMPLEMENTED = 12;
const ROOT = 1;

/** One VM: an instance of a case's module with its own host state. */
function vm(benchCase, bytes) {
  const module = new WebAssembly.Module(bytes);
  let memory, exports;
  let u8 = null, view = null, viewOf = null;
  const refresh = () => {
    if (viewOf !== memory.buffer) {
      viewOf = memory.buffer;
      u8 = new Uint8Array(viewOf);
      view = new DataView(viewOf);
    }
  };
  const text = (pointer, size) => { refresh(); return decoder.decode(u8.subarray(pointer, pointer + size)); };
  const give = (data, pointerOut, sizeOut) => {
    const pointer = data.length === 0 ? 0 : exports.proxy_on_memory_allocate(data.length);
    refresh();
    if (data.length !== 0) u8.set(data, pointer);
    view.setUint32(pointerOut, pointer, true);
    view.setUint32(sizeOut, data.length, true);
    return OK;
  };
  const config = encode(benchCase.config);
  const state = { callouts: 0, request: null, response: null, local: false, http: [], redis: [], callResponse: null, index: 0,
    shared: new Map(), nextCas: 0 };
  const map = (type) => type === 0 ? state.request : type === 2 ? state.response : type === 6 ? state.callResponse
    : null;
  const env = {
    proxy_log: () => OK,
    proxy_get_log_level: (out) => { refresh(); view.setUint32(out, 2, true); return OK; },
    proxy_get_current_time_nanoseconds: (out) => {
      refresh();
      view.setBigUint64(out, BigInt(Date.now()) * 1000000n, true);
      return OK;
    },
    proxy_set_effective_context: () => OK,
    proxy_get_buffer_bytes: (type, start, max, pointerOut, sizeOut) => {
      const data = type === 7 ? config : type === 4 ? TOKEN_BODY : type === 9 ? state.redisReply : null;
      if (!data || data.length === 0) return NOT_FOUND;
      return give(data.subarray(start, Math.min(data.length, start + max)), pointerOut, sizeOut);
    },
    proxy_get_header_map_pairs: (type, pointerOut, sizeOut) => {
      const headers = map(type);
      return give(headers === null ? serialize([]) : headers instanceof Uint8Array ? headers : headers.bytes(),
        pointerOut, sizeOut);
    },
    proxy_get_header_map_value: (type, keyPointer, keySize, pointerOut, sizeOut) => {
      const headers = map(type);
      if (!(headers instanceof HeaderMap)) return NOT_FOUND;
      const key = text(keyPointer, keySize);
      const entry = headers.pairs.find(([name]) => name === key);
      return entry ? give(encode(entry[1]), pointerOut, sizeOut) : NOT_FOUND;
    },
    proxy_add_header_map_value: (type, kp, ks, vp, vs) => { map(type).pairs.push([text(kp, ks), text(vp, vs)]); return OK; },
    proxy_replace_header_map_value: (type, kp, ks, vp, vs) => {
      const pairs = map(type).pairs;
      const key = text(kp, ks), value = text(vp, vs);
      const at = pairs.findIndex(([name]) => name === key);
      if (at >= 0) pairs[at] = [key, value]; else pairs.push([key, value]);
      return OK;
    },
    proxy_remove_header_map_value: (type, kp, ks) => {
      const pairs = map(type).pairs;
      const key = text(kp, ks);
      for (let i = pairs.length - 1; i >= 0; i--) if (pairs[i][0] === key) pairs.splice(i, 1);
      return OK;
    },
    proxy_get_header_map_size: (type, out) => { refresh(); view.setUint32(out, map(type).bytes().length, true); return OK; },
    proxy_get_property: () => NOT_FOUND,
    proxy_set_property: () => OK,
    proxy_send_local_response: () => { state.local = true; return OK; },
    proxy_continue_stream: () => { state.resumed = true; return OK; },
    proxy_http_call: (up, us, hp, hs, bp, bs, tp, ts, timeout, tokenOut) => {
      const token = state.http.length + 1 + state.index * 8;
      state.http.push(token);
      state.callouts++;
      refresh();
      view.setUint32(tokenOut, token, true);
      return OK;
    },
    proxy_redis_init: () => OK,
    proxy_redis_call: (cp, cs, queryPointer, querySize, tokenOut) => {
      refresh();
      // "*N\r\n$4\r\neval..." or "$7\r\nevalsha...": the rate limiter's script; anything else gets "7".
      const script = querySize > 12 && u8[queryPointer + 8] === 101 && u8[queryPointer + 9] === 118
        && u8[queryPointer + 10] === 97 && u8[queryPointer + 11] === 108;
      const token = state.redis.length + 1 + state.index * 8;
      state.callouts++;
      state.redis.push([token, script ? SCRIPT_REPLIES[state.index % SCRIPT_REPLIES.length] : SEVEN]);
      view.setUint32(tokenOut, token, true);
      return OK;
    },
    proxy_set_tick_period_milliseconds: () => OK,
    proxy_define_metric: (type, np, ns, idOut) => { refresh(); view.setUint32(idOut, 1, true); return OK; },
    proxy_increment_metric: () => OK,
    proxy_record_metric: () => OK,
    // Envoy's store (proxy-wasm-cpp-host shared_data.cc): a missing key is inserted whatever the cas, a stale cas on
    // an existing key is CAS_MISMATCH, every write takes the next cas. The token plugin keeps its token here.
    proxy_get_shared_data: (keyPointer, keySize, pointerOut, sizeOut, casOut) => {
      const entry = state.shared.get(text(keyPointer, keySize));
      if (!entry) return NOT_FOUND;
      give(entry.value, pointerOut, sizeOut);
      view.setUint32(casOut, entry.cas, true);
      return OK;
    },
    proxy_set_shared_data: (keyPointer, keySize, valuePointer, valueSize, cas) => {
      const key = text(keyPointer, keySize);
      const entry = state.shared.get(key);
      if (entry && cas !== 0 && (cas >>> 0) !== entry.cas) return CAS_MISMATCH;
      refresh();
      state.shared.set(key, { value: u8.slice(valuePointer, valuePointer + valueSize), cas: ++state.nextCas });
      return OK;
    },
    proxy_done: () => OK,
  };
  const wasi = {
    fd_write: (fd, iovs, count, out) => {
      refresh();
      let written = 0;
      for (let i = 0; i < count; i++) written += view.getUint32(iovs + i * 8 + 4, true);
      view.setUint32(out, written, true);
      return 0;
    },
    clock_time_get: (id, precision, out) => { refresh(); view.setBigUint64(out, process.hrtime.bigint(), true); return 0; },
    random_get: (pointer, size) => { refresh(); for (let i = 0; i < size; i++) u8[pointer + i] = (i * 131 + 7) & 0xff; return 0; },
    environ_sizes_get: (a, b) => { refresh(); view.setUint32(a, 0, true); view.setUint32(b, 0, true); return 0; },
    environ_get: () => 0,
    args_sizes_get: (a, b) => { refresh(); view.setUint32(a, 0, true); view.setUint32(b, 0, true); return 0; },
    args_get: () => 0,
    proc_exit: (code) => { throw new Error(benchCase.label + ': proc_exit(' + code + ')'); },
  };
  const imports = {};
  for (const entry of WebAssembly.Module.imports(module)) {
    const table = entry.module === 'env' ? env : wasi;
    imports[entry.module] = imports[entry.module] || {};
    imports[entry.module][entry.name] = table[entry.name] || (() => UNIMPLEMENTED);
  }
  const instance = new WebAssembly.Instance(module, imports);
  exports = instance.exports;
  memory = exports.memory;
  if (exports._initialize) exports._initialize(); else if (exports._start) exports._start();
  exports.proxy_on_context_create(ROOT, 0);
  if (exports.proxy_on_vm_start && !exports.proxy_on_vm_start(ROOT, 0)) throw new Error(benchCase.label + ': vm start');
  if (exports.proxy_on_configure && !exports.proxy_on_configure(ROOT, config.length)) {
    throw new Error(benchCase.label + ': configure failed');
  }

  let context = ROOT + 1;
  function answerCallouts() {
    for (let round = 0; round < 8; round++) {
      if (state.http.length === 0 && state.redis.length === 0) return;
      const http = state.http, redis = state.redis;
      state.http = [];
      state.redis = [];
      for (const token of http) {
        state.callResponse = TOKEN_HEADERS;
        exports.proxy_on_http_call_response(ROOT, token, 3, TOKEN_BODY.length, 0);
        state.callResponse = null;
      }
      for (const [token, reply] of redis) {
        state.redisReply = reply;
        exports.proxy_on_redis_call_response(ROOT, token, 0, reply.length);
        state.redisReply = null;
      }
    }
    throw new Error(benchCase.label + ': the plugin kept making callouts');
  }
  function request() {
    state.request = new HeaderMap(REQUEST.slice());
    state.response = new HeaderMap(RESPONSE.slice());
    state.local = false;
    state.resumed = false;
    state.index++;
    const id = context++;
    exports.proxy_on_context_create(id, ROOT);
    const action = exports.proxy_on_request_headers(id, REQUEST.length, 1);
    if (benchCase.callouts !== 'none') answerCallouts();
    if (!state.local && (action === 0 || state.resumed)) exports.proxy_on_response_headers(id, RESPONSE.length, 1);
    exports.proxy_on_done(id);
    exports.proxy_on_log(id);
    exports.proxy_on_delete(id);
    if (state.http.length !== 0 || state.redis.length !== 0) throw new Error(benchCase.label + ': callouts left over');
  }
  return { request, memoryBytes: () => memory.buffer.byteLength, state };
}

function median(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const machine = `${require('os').cpus().length} cores (${require('os').cpus()[0].model.trim()}), Node ${process.version}, `
  + `V8 ${process.versions.v8}, load ${require('os').loadavg().map((x) => x.toFixed(2)).join(' ')}, `
  + new Date().toISOString().slice(0, 16) + 'Z';
console.log('# ' + machine);
const modules = cases.map((c) => fs.readFileSync(c.path));
const vms = cases.map((c, i) => vm(c, modules[i]));

if (options.memory > 0) {
  console.log(`# linear memory (bytes) after start, after 1,000 requests, after ${options.memory} requests`);
  vms.forEach((machineVm, i) => {
    const started = machineVm.memoryBytes();
    for (let n = 0; n < 1000; n++) machineVm.request();
    const warm = machineVm.memoryBytes();
    for (let n = 1000; n < options.memory; n++) machineVm.request();
    console.log(`${cases[i].label.padEnd(22)} ${String(started).padStart(10)} ${String(warm).padStart(10)} `
      + `${String(machineVm.memoryBytes()).padStart(10)}${machineVm.memoryBytes() === warm ? '  flat' : '  GREW'}`);
  });
  process.exit(0);
}

for (let i = 0; i < vms.length; i++) {
  for (let n = 0; n < options.warmup; n++) vms[i].request();
}
const calloutsBefore = vms.map((v) => v.state.callouts);
const blocks = cases.map(() => []);
for (let round = 0; round < options.rounds; round++) {
  for (let i = 0; i < vms.length; i++) {
    const begin = process.hrtime.bigint();
    for (let n = 0; n < options.block; n++) vms[i].request();
    blocks[i].push(Number(process.hrtime.bigint() - begin) / options.block / 1000);
  }
}
const calloutsPerRequest = vms.map((v, i) => (v.state.callouts - calloutsBefore[i]) / options.rounds / options.block);
const starts = cases.map(() => []);
for (let round = 0; round < options.starts; round++) {
  for (let i = 0; i < cases.length; i++) {
    const begin = process.hrtime.bigint();
    vm(cases[i], modules[i]);
    starts[i].push(Number(process.hrtime.bigint() - begin) / 1000);
  }
}
const floor = median(blocks[0]);
console.log(`# ${options.rounds} interleaved rounds of ${options.block} requests per case after ${options.warmup} `
  + 'warm-up requests; µs per request: median block (min-max); start+configure: median µs of new instances');
console.log('case'.padEnd(22) + 'µs/request'.padStart(11) + '  (min-max)'.padEnd(17) + 'vs first'.padStart(9)
  + 'bytes'.padStart(10) + 'start µs'.padStart(10) + 'callouts'.padStart(10));
cases.forEach((c, i) => {
  const sorted = blocks[i].slice().sort((a, b) => a - b);
  console.log(c.label.padEnd(22) + median(blocks[i]).toFixed(2).padStart(11)
    + `  (${sorted[0].toFixed(2)}-${sorted[sorted.length - 1].toFixed(2)})`.padEnd(17)
    + (median(blocks[i]) / floor).toFixed(2).padStart(8) + 'x' + String(modules[i].length).padStart(10)
    + median(starts[i]).toFixed(0).padStart(10) + calloutsPerRequest[i].toFixed(2).padStart(10));
});
