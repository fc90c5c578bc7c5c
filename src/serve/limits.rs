//! Bounds on what devices on the LAN can make the server hold: connections in all and per address
//! (refused at once past either), and how long a request's head may take to arrive. With the body
//! limit and the session check before any body is read (`web`), a stranger's device can tie up
//! neither memory nor the file descriptors the stations need.

use std::collections::HashMap;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum_server::accept::Accept;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// Connections open at once, in all: well under a desktop's 1,024 file descriptors, and far more
/// than a district's stations and views need.
pub(super) const MOST_CONNECTIONS: usize = 512;
/// Connections open at once from one address: a phone or laptop holds a handful (a page, its live
/// updates, a scan in flight).
pub(super) const MOST_PER_ADDRESS: usize = 128;
/// How long a new connection may take to send its first request's head, and a kept-alive one its
/// next: a request line sent half, or a socket opened and left idle, is closed after this.
pub(super) const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Default)]
struct Open {
    total: usize,
    by_address: HashMap<IpAddr, usize>,
}

/// Counts open connections; a connection is let go when its stream is dropped.
#[derive(Clone, Default)]
pub(super) struct Counter {
    open: Arc<Mutex<Open>>,
}

impl Counter {
    /// Takes a place for a connection from `address`, or `None` when none is left.
    fn take(&self, address: IpAddr) -> Option<Place> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let mine = open.by_address.get(&address).copied().unwrap_or(0);
        if open.total >= MOST_CONNECTIONS || mine >= MOST_PER_ADDRESS {
            return None;
        }
        open.total += 1;
        *open.by_address.entry(address).or_insert(0) += 1;
        Some(Place {
            counter: self.clone(),
            address,
        })
    }
}

/// A connection's place, given back when it is dropped.
pub(super) struct Place {
    counter: Counter,
    address: IpAddr,
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut open = self.counter.open.lock().unwrap_or_else(|e| e.into_inner());
        open.total = open.total.saturating_sub(1);
        if let Some(n) = open.by_address.get_mut(&self.address) {
            *n -= 1;
            if *n == 0 {
                open.by_address.remove(&self.address);
            }
        }
    }
}

/// A TCP stream holding its place.
pub(super) struct Counted {
    stream: TcpStream,
    _place: Place,
}

impl AsyncRead for Counted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Counted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// The acceptor that counts: a connection past a bound is closed before anything is read.
#[derive(Clone, Default)]
pub(super) struct Capped {
    counter: Counter,
}

impl<S> Accept<TcpStream, S> for Capped {
    type Stream = Counted;
    type Service = S;
    type Future = std::future::Ready<io::Result<(Counted, S)>>;

    fn accept(&self, stream: TcpStream, service: S) -> Self::Future {
        let place = stream
            .peer_addr()
            .ok()
            .and_then(|peer| self.counter.take(peer.ip()));
        std::future::ready(match place {
            Some(place) => {
                let _ = stream.set_nodelay(true);
                Ok((
                    Counted {
                        stream,
                        _place: place,
                    },
                    service,
                ))
            }
            None => Err(io::Error::other("too many connections")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_bounded_per_address_and_given_back() {
        let counter = Counter::default();
        let a: IpAddr = "192.168.1.20".parse().unwrap();
        let b: IpAddr = "192.168.1.21".parse().unwrap();
        let held: Vec<Place> = (0..MOST_PER_ADDRESS)
            .map(|_| counter.take(a).unwrap())
            .collect();
        assert!(counter.take(a).is_none(), "one address past its bound");
        let other = counter.take(b);
        assert!(other.is_some(), "another address still gets in");
        drop(held);
        assert!(counter.take(a).is_some(), "places come back when dropped");
    }
}
