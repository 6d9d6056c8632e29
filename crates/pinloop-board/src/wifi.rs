//! The board's WiFi, as a board file describes it (`[wifi]`): whether the
//! board has a radio at all (a Pyboard has none: no `network` module),
//! the networks it can see (`[[wifi.network]]`, what `WLAN.scan()` lists
//! and `connect()` checks the password against), how long joining takes
//! in board time, and the address the network hands out. The sockets
//! themselves are the host's.

use serde::Deserialize;

/// A network the board can see.
#[derive(Debug, Clone, PartialEq)]
pub struct WifiNetwork {
    pub ssid: String,
    /// None: an open network.
    pub password: Option<String>,
    /// Signal strength, dBm.
    pub rssi: i32,
    pub channel: u8,
    /// The network's MAC address, as `aa:bb:cc:dd:ee:ff`.
    pub bssid: String,
}

/// The board's WiFi radio.
#[derive(Debug, Clone, PartialEq)]
pub struct Wifi {
    /// Empty: any network name joins, with any password (a board file
    /// that lists none is not testing who may join).
    pub networks: Vec<WifiNetwork>,
    /// How long `connect()` takes before `isconnected()`, in board
    /// microseconds.
    pub connect_us: u64,
    /// The station's address, netmask, gateway and DNS server.
    pub ifconfig: [String; 4],
}

impl Default for Wifi {
    fn default() -> Self {
        Wifi {
            networks: Vec::new(),
            connect_us: DEFAULT_CONNECT_US,
            ifconfig: DEFAULT_IFCONFIG.map(str::to_owned),
        }
    }
}

/// Joining a network takes about 2 s on an ESP32 or a Pico W.
pub const DEFAULT_CONNECT_US: u64 = 2_000_000;
const DEFAULT_IFCONFIG: [&str; 4] = [
    "192.168.1.50",
    "255.255.255.0",
    "192.168.1.1",
    "192.168.1.1",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWifi {
    /// `false` in a board that extends one with WiFi: no radio.
    present: Option<bool>,
    connect_seconds: Option<f64>,
    ifconfig: Option<Vec<String>>,
    #[serde(default)]
    network: Vec<RawNetwork>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNetwork {
    ssid: String,
    password: Option<String>,
    rssi: Option<i32>,
    channel: Option<u8>,
    bssid: Option<String>,
}

impl RawWifi {
    /// Applies this `[wifi]` table over what the board had (extends).
    pub(crate) fn apply(&self, base: Option<Wifi>) -> Result<Option<Wifi>, String> {
        if self.present == Some(false) {
            return Ok(None);
        }
        let mut wifi = base.unwrap_or_default();
        if let Some(seconds) = self.connect_seconds {
            if !(0.0..=3600.0).contains(&seconds) {
                return Err(format!("connect_seconds is 0 to 3600, not {seconds}"));
            }
            wifi.connect_us = (seconds * 1e6).round() as u64;
        }
        if let Some(ifconfig) = &self.ifconfig {
            let parts: Result<[String; 4], _> = ifconfig.clone().try_into();
            let parts =
                parts.map_err(|_| "ifconfig is [address, netmask, gateway, dns]".to_owned())?;
            if let Some(bad) = parts
                .iter()
                .find(|p| p.parse::<std::net::Ipv4Addr>().is_err())
            {
                return Err(format!("ifconfig: '{bad}' is not an IPv4 address"));
            }
            wifi.ifconfig = parts;
        }
        for (index, raw) in self.network.iter().enumerate() {
            if raw.ssid.is_empty() || raw.ssid.len() > 32 {
                return Err(format!(
                    "a network's ssid is 1 to 32 bytes, not '{}'",
                    raw.ssid
                ));
            }
            let bssid = raw
                .bssid
                .clone()
                .unwrap_or_else(|| format!("02:00:00:00:00:{:02x}", index + 1));
            wifi.networks.retain(|n| n.ssid != raw.ssid);
            wifi.networks.push(WifiNetwork {
                ssid: raw.ssid.clone(),
                password: raw.password.clone().filter(|p| !p.is_empty()),
                rssi: raw.rssi.unwrap_or(-60),
                channel: raw.channel.unwrap_or(6),
                bssid,
            });
        }
        Ok(Some(wifi))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> RawWifi {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn networks_and_settings_apply_over_the_base() {
        let wifi = raw(
            "connect_seconds = 0.5\n[[network]]\nssid = \"home\"\npassword = \"pw\"\nrssi = -40\n",
        )
        .apply(Some(Wifi::default()))
        .unwrap()
        .unwrap();
        assert_eq!(wifi.connect_us, 500_000);
        assert_eq!(wifi.networks[0].ssid, "home");
        assert_eq!(wifi.networks[0].password.as_deref(), Some("pw"));
        assert_eq!(wifi.networks[0].bssid, "02:00:00:00:00:01");
        assert_eq!(raw("present = false").apply(Some(wifi)).unwrap(), None);
    }

    #[test]
    fn bad_settings_say_what_is_wanted() {
        assert!(
            raw("ifconfig = [\"1.2.3.4\"]")
                .apply(None)
                .unwrap_err()
                .contains("[address, netmask")
        );
        assert!(
            raw("ifconfig = [\"x\", \"1.1.1.1\", \"1.1.1.1\", \"1.1.1.1\"]")
                .apply(None)
                .unwrap_err()
                .contains("'x'")
        );
        assert!(
            raw("connect_seconds = -1")
                .apply(None)
                .unwrap_err()
                .contains("0 to 3600")
        );
    }
}
