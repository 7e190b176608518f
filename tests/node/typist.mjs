// A stock yjs + y-websocket peer that keeps typing while a test breaks the server's
// dependencies, and recovers the way a browser would: by the provider's own reconnects.
// Usage: node typist.mjs <ws base url> <board id> <token> <name>
// Commands arrive as JSON lines on stdin; each gets one JSON line on stdout:
//   {op: 'type', every: ms}  start adding keys `<name>-<i>` to the map `stickies`
//   {op: 'stop'}             stop typing: {written}
//   {op: 'state'}            {keys, seen, synced, connected, closes, connects}
//   {op: 'exit'}
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { createInterface } from 'node:readline'

const [base, boardId, token, name] = process.argv.slice(2)
const doc = new Y.Doc()
const notes = doc.getMap('stickies')
const provider = new WebsocketProvider(`${base}/ws/${boardId}`, 'content', doc, {
  WebSocketPolyfill: WebSocket, disableBc: true, params: { token }
})
const closes = []
let connects = 0
const seen = new Set() // every key this peer ever held: nothing it saw may be lost
notes.observe(() => { for (const key of notes.keys()) seen.add(key) })
provider.on('connection-close', (event) => { closes.push(event ? event.code : null) })
provider.on('status', (event) => { if (event.status === 'connected') connects++ })

let written = 0
let timer = null
const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line)
  if (command.op === 'type') {
    timer = setInterval(() => { notes.set(`${name}-${written}`, 'x'.repeat(40)); written++ }, command.every)
    out({ op: 'type' })
  } else if (command.op === 'stop') {
    clearInterval(timer)
    out({ op: 'stop', written })
  } else if (command.op === 'state') {
    out({
      op: 'state',
      keys: [...notes.keys()].sort(),
      seen: [...seen].sort(),
      synced: provider.synced,
      connected: provider.wsconnected,
      closes,
      connects
    })
  } else if (command.op === 'exit') {
    provider.destroy()
    process.exit(0)
  }
})
