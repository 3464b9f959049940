# Holds N SO_REUSEPORT listeners on one address and port (Node 20's net cannot set SO_REUSEPORT),
# prints "ready PORT", and exits when stdin closes. Usage: python3 reuseport.py HOST N
import socket, sys
host, n = sys.argv[1], int(sys.argv[2])
fam = socket.AF_INET6 if ':' in host else socket.AF_INET
socks, port = [], 0
for _ in range(n):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    s.bind((host, port))
    s.listen(8)
    port = s.getsockname()[1]
    socks.append(s)
print('ready', port, flush=True)
sys.stdin.read()
