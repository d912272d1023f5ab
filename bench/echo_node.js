// The Node.js echo server of BenchmarkEcho (bench/echo_test.go).
//
// Written as a JavaScript programmer writes one: net.createServer, each
// socket piped into itself (pipe handles back-pressure). It listens on a
// port of 127.0.0.1 that the system picks, prints its address as HOST:PORT
// on the first line of stdout, and serves until its stdin closes.
//
// Usage: node bench/echo_node.js
'use strict';

const net = require('net');

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  // The benchmark's client resets its connections when it is done.
  socket.on('error', () => socket.destroy());
  socket.pipe(socket);
});

// The default backlog is 511: 10,000 clients dialing would overflow it.
server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
  const { address, port } = server.address();
  process.stdout.write(`${address}:${port}\n`);
});

// Serve until stdin closes: the benchmark closes it, or it dies.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
