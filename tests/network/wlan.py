# pinloop: --clock virtual --board wlan_board.toml
# network.WLAN on an ESP32: one object per interface, active() first, scan()
# from the board file, connect() taking the radio's time in board time with
# the password checked (STAT_WRONG_PASSWORD, STAT_NO_AP_FOUND), ifconfig,
# status('rssi'), config, the access point, and the host's sockets.
import network, time
w = network.WLAN(network.STA_IF)
print(w, w.active(), w.status() == network.STAT_IDLE, network.WLAN() is w)
try:
    w.connect("home", "pw")
except OSError as e:
    print("OSError", e)
w.active(True)
print([(s, c, r) for s, b, c, r, sec, h in w.scan()])
w.connect("home", "wrong")
t0 = time.ticks_ms()
while w.status() == network.STAT_CONNECTING:
    time.sleep_ms(100)
print("wrong password:", w.status() == network.STAT_WRONG_PASSWORD, time.ticks_diff(time.ticks_ms(), t0))
w.connect("nowhere")
time.sleep(3)
print("no ap:", w.status() == network.STAT_NO_AP_FOUND, w.isconnected(), w.ifconfig())
w.connect("home", "secret")
while not w.isconnected():
    time.sleep_ms(100)
print("connected", w.ifconfig(), w.status("rssi"), w.config("essid"), w.config("mac").hex())
ap = network.WLAN(network.AP_IF)
ap.active(True); ap.config(essid="board", password="12345678")
print(ap.ifconfig(), ap.config("essid"), ap.isconnected())
import socket
print(socket.getaddrinfo("localhost", 80)[0][-1])
w.disconnect()
print("disconnected", w.isconnected())
