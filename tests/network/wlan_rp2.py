# pinloop: --clock virtual --board rp2
# network.WLAN on a Pico W: the CYW43's status numbers, connect() starting
# the radio itself, and a board file listing no networks: any name joins.
import time

import network

wlan = network.WLAN(network.STA_IF)
print(network.STAT_IDLE, network.STAT_CONNECTING, network.STAT_GOT_IP, network.STAT_WRONG_PASSWORD)
wlan.connect("anything", "whatever")
print(wlan.active(), wlan.status())
time.sleep(2)
print(wlan.status(), wlan.isconnected(), wlan.ifconfig()[0], wlan.scan())
