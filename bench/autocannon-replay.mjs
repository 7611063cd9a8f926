#!/usr/bin/env node
// autocannon replaying a fixed list of requests (cycled), for run-throughput.mjs: it lets
// autocannon send the same operation mix as chatload's plan, so the two are compared on the
// same requests. Usage: node bench/autocannon-replay.mjs <requests.json> <url> <seconds> [connections=64]
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [file, url, seconds, connections = '64'] = process.argv.slice(2);
const requests = JSON.parse(readFileSync(file, 'utf8'));
const result = await autocannon({ url, connections: Number(connections), duration: Number(seconds), requests });
console.log(JSON.stringify({ rps: result.requests.average, p99Ms: result.latency.p99, errors: result.errors + result.non2xx, non2xx: result.non2xx }));
