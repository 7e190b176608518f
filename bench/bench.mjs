#!/usr/bin/env node
// Obeya load generator: real Yjs clients (y-websocket) against Obeya and/or any y-websocket
// server, side by side. See README.md.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { execFileSync, spawn } from 'node:child_process'
import { benchDir, hasTaskset, pinSelf } from './lib/server.mjs'
import { Instance, PRESETS, parseTarget } from './lib/targets.mjs'
import { scenarioA, scenarioB, scenarioC, scenarioD } from './lib/scenarios.mjs'
import { scenarioS } from './lib/soak.mjs'
import { scenarioL } from './lib/soak_room.mjs'
import { sleep } from './lib/client.mjs'
import { printTable } from './lib/report.mjs'

const USAGE = `usage: node bench.mjs [options]

  --target T        repeatable / comma list; default "reference,obeya"
                    reference | obeya            presets (the harness starts the server)
                    obeya-pg | obeya2            presets: 1 or 2 Obeya processes on a throwaway
                                                 PostgreSQL + Redis (bench/services.py); the
                                                 clients of every room alternate between processes
                    NAME=ws://host:port          running plain y-websocket server (no server metrics)
                    NAME=obeya+http://host:port  running Obeya server (no server metrics)
                    NAME                         with --cmd NAME='command … {port} …'
  --cmd NAME=CMD    server command template; {port} {tmp} {bench} {host} are filled in
                    (overrides a preset's command too, e.g. --cmd obeya='…')
  --env NAME:KEY=VALUE  extra environment for that target's server (repeatable)
  --kind NAME=K     plain (room = URL path) or obeya (boards over HTTP, /ws/{board}/content)
  --health NAME=P   HTTP path polled until the server answers 2xx (default / ; obeya /healthz)
  --processes NAME=K  run K server processes for that target (ports differ; clients alternate)
  --services NAME=S   throwaway services for that target: postgres+redis | postgres | redis | none
                    (env OBEYA_DATABASE_URL / OBEYA_REDIS_URL, placeholders {db} {redis})
  --scenarios S     comma list of A,B,C,D,S,L (default A,B,C,D; the soaks S and L only when named)
  --quick           small, short runs (CI smoke): A N=10,50 for 4 s, B 40×4, C 2,000, D 50
  --clients L       A: client counts (default 10,50,200)
  --presence P      A: off | on | off,on (default off,on)
  --writers N       A: writers (default 5)      --rate R  A: updates/s aggregate (default 50)
  --duration S      A: write phase seconds (default 20)
  --rooms N --per-room K --room-rate R --b-duration S   B (default 250, 4, 0.5/s per room, 10 s)
  --connect-rate R  B: clients join at R per second instead of all at once (the storm)
  --late-wait S     B: when updates are missing after the drain, wait up to S s more (default
                    60) and check with fresh clients whether the servers hold them
  --history N --prefill-rate R      C (default 20000 updates at 250/s: under Obeya's 300/s per-connection limit)
  --no-cold         C: skip the restart + cold sync on persistent targets
  --storm N         D: clients joining at once (default 50)
  --soak-duration S  S: seconds of load (default 1800)   --soak-sample S  RSS/fd sample every S s (10)
  --soak-rooms N --soak-per-room K --soak-rate R   S: steady rooms, members each, updates/s per
                    room (default 12, 4, 2); plus every 20 s 4 new rooms written and left (they
                    unload), and every 2 s a visitor joining a steady room for 10 s
  --soak-unload-wait S  S: wait after everyone left, for the server to unload rooms (default 40)
  --soak-clients N  L: clients in the one room (default 200); its writers and rate are A's
                    --writers / --rate (5, 50/s); --soak-duration and --soak-sample as for S
  --soak-warmup S   L: seconds before RSS growth and p99 drift are measured (default
                    min(300, duration / 5))
  --soak-keep N     L: items the room keeps, split over the writers' arrays (each write deletes its array's oldest past N / writers; default 1000)
  --soak-presence P L: on | off (default on)
  --no-pin          do not use taskset (all server processes, PostgreSQL and Redis on core 1,
                    clients on core 0)
  --out FILE        result JSON (default results/<timestamp>.json)
  --keep-tmp        keep server temp dirs (databases)
`

function parse () {
  const { values } = parseArgs({
    options: {
      target: { type: 'string', multiple: true },
      cmd: { type: 'string', multiple: true },
      kind: { type: 'string', multiple: true },
      env: { type: 'string', multiple: true },
      health: { type: 'string', multiple: true },
      processes: { type: 'string', multiple: true },
      services: { type: 'string', multiple: true },
      scenarios: { type: 'string' },
      quick: { type: 'boolean' },
      clients: { type: 'string' },
      presence: { type: 'string' },
      writers: { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      rooms: { type: 'string' },
      'per-room': { type: 'string' },
      'room-rate': { type: 'string' },
      'b-duration': { type: 'string' },
      'connect-rate': { type: 'string' },
      history: { type: 'string' },
      'prefill-rate': { type: 'string' },
      'no-cold': { type: 'boolean' },
      storm: { type: 'string' },
      'soak-duration': { type: 'string' },
      'soak-sample': { type: 'string' },
      'soak-rooms': { type: 'string' },
      'soak-per-room': { type: 'string' },
      'soak-rate': { type: 'string' },
      'soak-unload-wait': { type: 'string' },
      'soak-presence': { type: 'string' },
      'soak-keep': { type: 'string' },
      'soak-warmup': { type: 'string' },
      'soak-clients': { type: 'string' },
      'no-pin': { type: 'boolean' },
      out: { type: 'string' },
      'keep-tmp': { type: 'boolean' },
      'late-wait': { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    },
    strict: true
  })
  if (values.help) {
    process.stdout.write(USAGE)
    process.exit(0)
  }
  const kv = list => Object.fromEntries((list || []).map(s => {
    const i = s.indexOf('=')
    if (i < 1) throw new Error(`expected NAME=VALUE, got ${s}`)
    return [s.slice(0, i), s.slice(i + 1)]
  }))
  const q = !!values.quick
  const num = (v, d) => (v == null ? d : Number(v))
  const list = (v, d) => (v == null ? d : v.split(',').map(s => s.trim()).filter(Boolean))
  const cfg = {
    quick: q,
    scenarios: list(values.scenarios, ['A', 'B', 'C', 'D']).map(s => s.toUpperCase()),
    pin: !values['no-pin'],
    keepTmp: !!values['keep-tmp'],
    A: {
      clients: list(values.clients, q ? ['10', '50'] : ['10', '50', '200']).map(Number),
      presence: list(values.presence, q ? ['on'] : ['off', 'on']).map(p => p === 'on'),
      writers: num(values.writers, 5),
      rate: num(values.rate, 50),
      durationS: num(values.duration, q ? 4 : 20),
      syncTimeoutMs: 30000,
      drainTimeoutMs: 15000,
      settleMs: q ? 500 : 1500
    },
    B: {
      rooms: num(values.rooms, q ? 40 : 250),
      perRoom: num(values['per-room'], 4),
      perRoomRate: num(values['room-rate'], 0.5),
      durationS: num(values['b-duration'], q ? 4 : 10),
      connectRate: num(values['connect-rate'], 0),
      syncTimeoutMs: 60000,
      drainTimeoutMs: 15000,
      lateWaitMs: num(values['late-wait'], 60) * 1000,
      settleMs: q ? 500 : 1500
    },
    C: {
      history: num(values.history, q ? 2000 : 20000),
      prefillRate: num(values['prefill-rate'], 250),
      prefillTimeoutMs: 60000,
      syncTimeoutMs: 60000,
      settleMs: 1000,
      freshRepeats: 3,
      coldRestart: !values['no-cold']
    },
    D: {
      storm: num(values.storm, 50),
      syncTimeoutMs: 30000,
      drainTimeoutMs: 10000
    },
    S: {
      durationS: num(values['soak-duration'], 1800),
      sampleS: num(values['soak-sample'], 10),
      rooms: num(values['soak-rooms'], 12),
      perRoom: num(values['soak-per-room'], 4),
      roomRate: num(values['soak-rate'], 2),
      cycleEveryS: 20,
      cycleRooms: 4,
      cycleWrites: 60,
      churnEveryS: 2,
      churnWrites: 3,
      churnStayS: 10,
      // > the server's room_idle_seconds (30) + its 2 s tick: rooms left are unloaded by then,
      // so a verifying client makes the server reload them from storage
      unloadWaitS: num(values['soak-unload-wait'], 40)
    },
    L: {
      durationS: num(values['soak-duration'], 1800),
      sampleS: num(values['soak-sample'], 10),
      warmupS: values['soak-warmup'] == null ? null : Number(values['soak-warmup']),
      clients: num(values['soak-clients'], 200),
      writers: num(values.writers, 5),
      rate: num(values.rate, 50),
      keep: num(values['soak-keep'], 1000),
      presence: (values['soak-presence'] ?? 'on') === 'on'
    }
  }
  const cmds = kv(values.cmd)
  const kinds = kv(values.kind)
  const healths = kv(values.health)
  const specs = (values.target && values.target.length ? values.target : ['reference,obeya'])
    .flatMap(s => s.split(',')).map(s => s.trim()).filter(Boolean)
  const procs = kv(values.processes)
  const svcs = kv(values.services)
  const targets = specs.map(s => parseTarget(s, cmds, kinds, healths, procs, svcs))
  for (const e of values.env || []) {
    const m = e.match(/^([^:]+):([^=]+)=(.*)$/)
    if (!m) throw new Error(`--env wants NAME:KEY=VALUE, got ${e}`)
    const t = targets.find(x => x.name === m[1])
    if (!t) throw new Error(`--env for unknown target ${m[1]}`)
    t.env[m[2]] = m[3]
  }
  const ts = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)
  const out = values.out || path.join(benchDir, 'results', `${ts}${q ? '-quick' : ''}.json`)
  return { cfg, targets, out }
}

function cases (cfg) {
  const out = []
  for (const s of cfg.scenarios) {
    if (s === 'A') {
      for (const n of cfg.A.clients) for (const presence of cfg.A.presence) out.push({ id: `A n=${n} presence=${presence ? 'on' : 'off'}`, scenario: 'A', n, presence })
    } else if (s === 'B') out.push({ id: `B ${cfg.B.rooms}×${cfg.B.perRoom}`, scenario: 'B' })
    else if (s === 'C') out.push({ id: `C history=${cfg.C.history}`, scenario: 'C' })
    else if (s === 'D') out.push({ id: `D storm=${cfg.D.storm}`, scenario: 'D' })
    else if (s === 'S') out.push({ id: `S soak ${cfg.S.durationS} s`, scenario: 'S' })
    else if (s === 'L') out.push({ id: `L ${cfg.L.clients} clients ${cfg.L.durationS} s`, scenario: 'L' })
    else throw new Error('unknown scenario ' + s)
  }
  return out
}

function machine () {
  let pkgs = {}
  try {
    const lock = JSON.parse(fs.readFileSync(path.join(benchDir, 'package-lock.json'), 'utf8'))
    for (const n of ['yjs', 'y-websocket', 'y-protocols', 'ws', 'lib0', '@y/websocket-server']) {
      pkgs[n] = lock.packages?.['node_modules/' + n]?.version
    }
  } catch { pkgs = {} }
  let commit = null
  try { commit = execFileSync('git', ['-C', benchDir, 'rev-parse', '--short', 'HEAD']).toString().trim() } catch {}
  return {
    hostname: os.hostname(), cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model,
    mem_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, packages: pkgs,
    loadavg_start: os.loadavg().map(x => Math.round(x * 100) / 100), git_commit: commit,
    node_flags: process.execArgv
  }
}

// The load generator's young generation. With V8's default semi-space, 200 clients' Y.Docs
// promote into the old space and mark-compact every few seconds; those 40-130 ms pauses of
// the *clients* landed in every target's latency p99. Every run re-executes itself with a
// larger semi-space (a flag given on the command line wins).
const HEAP_FLAG = '--max-semi-space-size=64'

function reexecWithHeapFlag () {
  if (process.execArgv.some(a => a.startsWith('--max-semi-space-size'))) return false
  const child = spawn(process.execPath, [HEAP_FLAG, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit'
  })
  process.on('SIGINT', () => {}) // the terminal's Ctrl-C reaches the child too: it cleans up
  process.on('SIGTERM', () => child.kill('SIGTERM'))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
  return true
}

async function main () {
  process.setMaxListeners(0) // every WebsocketProvider adds an 'exit' listener
  const { cfg, targets, out } = parse()
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'obeya-bench-logs-'))
  const pinned = cfg.pin && os.cpus().length >= 2 && hasTaskset ? pinSelf(0) : false
  const info = machine()
  info.pinned = pinned
  info.pinning = pinned
    ? 'clients (one Node process) → core 0; every server process, PostgreSQL and Redis → core 1'
    : 'none'
  console.log(`obeya bench: targets ${targets.map(t => t.name + (t.processes > 1 ? ` (${t.processes} processes)` : '')).join(', ')}; ` +
    `scenarios ${cfg.scenarios.join(',')}${cfg.quick ? ' (quick)' : ''}; pinning: ${info.pinning}; server logs in ${logDir}`)
  const result = { started_at: new Date().toISOString(), machine: info, config: cfg, targets: {}, cases: [] }
  const unavailable = {}
  for (const t of targets) {
    result.targets[t.name] = {
      kind: t.kind, command: t.cmd, env: t.env, external: t.external, note: t.note,
      processes: t.processes, services: t.services
    }
  }
  const list = cases(cfg)
  for (let ci = 0; ci < list.length; ci++) {
    const cs = list[ci]
    const entry = { id: cs.id, scenario: cs.scenario, results: {} }
    result.cases.push(entry)
    // alternate the order of targets from case to case (warm caches, background load)
    const order = ci % 2 ? [...targets].reverse() : targets
    for (const t of order) {
      if (unavailable[t.name]) {
        entry.results[t.name] = { error: 'unavailable: ' + unavailable[t.name] }
        continue
      }
      const inst = new Instance(t, { logDir, pin: cfg.pin && pinned, keepTmp: cfg.keepTmp })
      const t0 = Date.now()
      process.stdout.write(`[${cs.id}] ${t.name} … `)
      try {
        await inst.start()
      } catch (e) {
        unavailable[t.name] = e.message
        entry.results[t.name] = { error: 'unavailable: ' + e.message }
        console.log('server did not start: ' + e.message)
        const tl = inst.logTail(10)
        if (tl) console.log(tl.replace(/^/gm, '    | '))
        continue
      }
      let r
      try {
        if (cs.scenario === 'A') r = await scenarioA(inst, cfg.A, cs)
        else if (cs.scenario === 'B') r = await scenarioB(inst, cfg.B)
        else if (cs.scenario === 'C') r = await scenarioC(inst, cfg.C)
        else if (cs.scenario === 'S') r = await scenarioS(inst, cfg.S)
        else if (cs.scenario === 'L') r = await scenarioL(inst, cfg.L)
        else r = await scenarioD(inst, cfg.D)
        if (!inst.alive()) r.server_died = true
      } catch (e) {
        r = { error: e.stack || String(e) }
      }
      if (inst.proc) r.server_command = inst.command
      if (inst.svc) r.services = inst.svc.urls
      entry.results[t.name] = r
      const tl = inst.logTail(200)
      const errLines = tl.split('\n').filter(l => /error|exception|traceback/i.test(l))
      if (errLines.length) r.server_log_errors = errLines.slice(-10)
      await inst.stop()
      console.log(r.error ? 'ERROR ' + r.error.split('\n')[0] : `done in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
      await sleep(500)
    }
  }
  result.finished_at = new Date().toISOString()
  result.machine.loadavg_end = os.loadavg().map(x => Math.round(x * 100) / 100)
  fs.mkdirSync(path.dirname(out), { recursive: true })
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n')
  const table = printTable(result)
  fs.writeFileSync(out.replace(/\.json$/, '') + '.txt', table)
  console.log('\n' + table)
  console.log(`results: ${out}`)
  process.exit(0) // providers' timers would keep the loop alive
}

if (!reexecWithHeapFlag()) {
  main().catch(e => {
    console.error(e.stack || e)
    process.exit(2)
  })
}

export { PRESETS }
