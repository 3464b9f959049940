# A listener that never accept()s, with a backlog of 1, and clients that keep connecting to it:
# its accept queue stays full, so the kernel drops their SYNs (TcpExt ListenOverflows/ListenDrops).
# Prints "ready PORT" after the first clients, connects one more every 100 ms (bounded: 40 in all),
# and exits when stdin closes. Node's net module always accepts, hence Python. Usage: python3 backlog.py
import socket, sys, threading, time
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.bind(('127.0.0.1', 0))
srv.listen(1)
port = srv.getsockname()[1]
clients = []
def connect():
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.setblocking(False)
    c.connect_ex(('127.0.0.1', port))
    clients.append(c)
for _ in range(10):
    connect()
print('ready', port, flush=True)
def more():
    for _ in range(30):
        time.sleep(0.1)
        connect()
threading.Thread(target=more, daemon=True).start()
sys.stdin.read()
