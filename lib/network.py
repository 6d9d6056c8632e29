# network.WLAN on pinloop's simulated board: the board file's [wifi]
# radio (docs/boards.md) and the networks it sees. Joining takes the
# radio's connect time in board time (so it is instant on the virtual
# clock's jump and real on the real one); the password is checked against
# the board file's network; the address is the board file's ifconfig.
# Sockets are the host's whatever the WLAN's state: a script's traffic
# goes out through the host's own network.
#
# Only boards with a radio have this module (ESP32, Pico W, the default
# board); the status numbers are the port's (ESP32's, or the CYW43's on
# rp2).

import sys
import time

import machine

_wifi = machine._board_wifi()
if _wifi is None:
    raise ImportError(
        "no module named 'network': board '{}' has no WiFi radio "
        "(--board esp32 or rp2 has one; a board file adds one with [wifi])".format(
            machine._board_name()
        )
    )

STA_IF = 0
AP_IF = 1

if sys.platform == "rp2":
    STAT_IDLE = 0
    STAT_CONNECTING = 1
    STAT_WRONG_PASSWORD = -3
    STAT_NO_AP_FOUND = -2
    STAT_CONNECT_FAIL = -1
    STAT_GOT_IP = 3
else:
    STAT_IDLE = 1000
    STAT_CONNECTING = 1001
    STAT_GOT_IP = 1010
    STAT_NO_AP_FOUND = 201
    STAT_WRONG_PASSWORD = 202
    STAT_BEACON_TIMEOUT = 200
    STAT_ASSOC_FAIL = 203
    STAT_HANDSHAKE_TIMEOUT = 204
    STAT_CONNECT_FAIL = STAT_ASSOC_FAIL

AUTH_OPEN = 0
AUTH_WPA2_PSK = 3

_UNSET = ("0.0.0.0", "0.0.0.0", "0.0.0.0", "0.0.0.0")
_AP_IFCONFIG = ("192.168.4.1", "255.255.255.0", "192.168.4.1", "0.0.0.0")
_hostname = "pinloop"


def hostname(name=None):
    global _hostname
    if name is None:
        return _hostname
    _hostname = str(name)


def _bssid_bytes(text):
    return bytes(int(part, 16) for part in text.split(":"))


class WLAN:
    IF_STA = STA_IF
    IF_AP = AP_IF
    PM_NONE = 0
    PM_PERFORMANCE = 1
    PM_POWERSAVE = 2

    _made = {}

    def __new__(cls, interface_id=STA_IF):
        if interface_id not in (STA_IF, AP_IF):
            raise ValueError("invalid WLAN interface identifier: use network.STA_IF or network.AP_IF")
        made = WLAN._made.get(interface_id)
        if made is None:
            made = WLAN._made[interface_id] = object.__new__(cls)
            made._setup(interface_id)
        return made

    def __init__(self, interface_id=STA_IF):
        pass

    def _setup(self, interface_id):
        self._if = interface_id
        self._active = False
        self._status = STAT_IDLE
        self._joining = None  # (network or None, ssid, key, ready_at)
        self._network = None
        self._ifconfig = _AP_IFCONFIG if interface_id == AP_IF else tuple(_wifi["ifconfig"])
        last = 0x50 if interface_id == STA_IF else 0x51
        self._mac = bytes((0x02, 0x70, 0x69, 0x6E, 0x6C, last))
        self._essid = "pinloop-ap" if interface_id == AP_IF else None
        self._password = ""

    def __repr__(self):
        return "<WLAN {}>".format("STA" if self._if == STA_IF else "AP")

    def active(self, is_active=None):
        if is_active is None:
            return self._active
        self._active = bool(is_active)
        if not self._active:
            self.disconnect()

    def _need_active(self):
        if not self._active:
            if sys.platform == "rp2":
                self._active = True  # the CYW43 starts itself
            else:
                raise OSError("Wifi Not Started: call wlan.active(True) first")

    def connect(self, ssid=None, key=None, *, bssid=None):
        if self._if != STA_IF:
            raise OSError("connect() is for the station interface (network.STA_IF)")
        self._need_active()
        if ssid is None:
            ssid = self._essid
        if not ssid:
            raise ValueError("connect() needs the network's ssid")
        ssid = ssid.decode() if isinstance(ssid, bytes) else str(ssid)
        found = None
        for network in _wifi["networks"]:
            if network[0] == ssid and (bssid is None or _bssid_bytes(network[4]) == bytes(bssid)):
                found = network
        self._essid = ssid
        self._network = None
        self._status = STAT_CONNECTING
        ready = time.ticks_add(time.ticks_us(), _wifi["connect_us"])
        self._joining = (found, ssid, "" if key is None else str(key), ready)

    def _settle(self):
        # A join in progress ends once its time has come.
        if self._joining is None:
            return
        found, ssid, key, ready = self._joining
        if time.ticks_diff(time.ticks_us(), ready) < 0:
            return
        self._joining = None
        if not _wifi["networks"]:
            self._network = (ssid, None, -50, 6, "02:00:00:00:00:01")
            self._status = STAT_GOT_IP
        elif found is None:
            self._status = STAT_NO_AP_FOUND
        elif (found[1] or "") != key:
            self._status = STAT_WRONG_PASSWORD
        else:
            self._network = found
            self._status = STAT_GOT_IP

    def disconnect(self):
        self._joining = None
        self._network = None
        self._status = STAT_IDLE

    def isconnected(self):
        if self._if == AP_IF:
            return False  # no station joins the board's access point
        self._settle()
        return self._status == STAT_GOT_IP

    def status(self, param=None):
        self._settle()
        if param is None:
            return self._status
        if param == "rssi":
            if self._network is None:
                raise OSError("not connected: no RSSI")
            return self._network[2]
        if param == "stations":
            return []
        raise ValueError("unknown status parameter '{}'".format(param))

    def scan(self):
        """(ssid, bssid, channel, RSSI, security, hidden) per network the
        board file lists."""
        self._need_active()
        return [
            (n[0].encode(), _bssid_bytes(n[4]), n[3], n[2], AUTH_WPA2_PSK if n[1] else AUTH_OPEN, False)
            for n in _wifi["networks"]
        ]

    def ifconfig(self, config=None):
        if config is not None:
            config = tuple(config)
            if len(config) != 4:
                raise ValueError("ifconfig takes (ip, subnet, gateway, dns)")
            self._ifconfig = config
            return
        if self._if == STA_IF and not self.isconnected():
            return _UNSET
        return self._ifconfig

    def ipconfig(self, *names, **settings):
        for name, value in settings.items():
            if name == "addr4":
                address, _, netmask = str(value).partition("/")
                self._ifconfig = (address, netmask or self._ifconfig[1]) + self._ifconfig[2:]
        if not names:
            return None
        values = []
        for name in names:
            current = self.ifconfig()
            if name == "addr4":
                values.append((current[0], current[1]))
            elif name == "gw4":
                values.append(current[2])
            elif name == "dhcp4":
                values.append(True)
            else:
                raise ValueError("unknown ipconfig parameter '{}'".format(name))
        return values[0] if len(values) == 1 else tuple(values)

    def config(self, *names, **settings):
        for name, value in settings.items():
            if name in ("essid", "ssid"):
                self._essid = value
            elif name in ("password", "key"):
                self._password = value
            elif name == "hostname":
                hostname(value)
            elif name not in ("channel", "security", "authmode", "pm", "txpower", "reconnects", "max_clients", "hidden"):
                raise ValueError("unknown config parameter '{}'".format(name))
        if not names:
            return None
        if len(names) > 1:
            raise TypeError("config() reads one parameter at a time")
        name = names[0]
        if name == "mac":
            return self._mac
        if name in ("essid", "ssid"):
            return self._essid or ""
        if name == "hostname":
            return hostname()
        if name == "channel":
            return self._network[3] if self._network else 6
        raise ValueError("unknown config parameter '{}'".format(name))
