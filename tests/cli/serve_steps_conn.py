"""serve_steps_conn.py: steps of tests/cli/serve.sh about connections
(serve_steps.py runs them by name, as its own):

    connections  300 requests from one address, each on a connection of its
                 own that the client closes once answered (a browser's over a
                 working day, an office behind one router; or a page of
                 another site loading 300 images from the desk): the desk
                 still answers the next, and a login from that address.

The desk holds at most 256 connections per address at once (slowloris).  It
counted a connection until libsoup finalized its socket, which libsoup 3.2
never did: the 256th connection from an address, however long after the others
had closed, locked that address out for good (every later connection shut
unanswered) until the desk was restarted."""
import http.client
import urllib.parse

from serve_steps import login, say


def step_connections(url, data):
    u = urllib.parse.urlsplit(url)
    answered, refused = 0, []
    for i in range(300):
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        try:
            conn.request('GET', '/api/me')
            conn.getresponse().read()
            answered += 1
        except (OSError, http.client.HTTPException) as e:
            refused.append((i, type(e).__name__))
        finally:
            conn.close()
    say(answered == 300, '300 requests from one address, one connection each, closed when answered: all answered',
        '%d answered; first refused: %s' % (answered, refused[:3]))
    try:
        login(url, 'clerk')
        ok, why = True, ''
    except (OSError, SystemExit, http.client.HTTPException) as e:
        ok, why = False, repr(e)[:200]
    say(ok, '... and a clerk at that address still logs in after them', why)
