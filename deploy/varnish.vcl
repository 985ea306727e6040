# Blattwerk behind Varnish 7.1 with varnish-modules' xkey (Debian: varnish, varnish-modules). See docs/deploy.md.
#
# What Varnish keeps is what Blattwerk marks: a response with `s-maxage` (a page every reader shares) for that
# long, and its `stale-while-revalidate` as grace; `immutable` files (assets, images, audio) as their max-age.
# Everything else passes. Blattwerk purges by key (`PURGE` with an `xkey` header: a soft purge, so the next
# reader gets the stale page once while the fresh one is fetched; a hard one with `Xkey-Purge: hard` when content
# was withdrawn) when content changes. Pages vary on nothing but the encoding: the language is in the URL
# (`/en/…`), and per-reader state is never in a shared page.
#
# Purges come in on their own listen socket, named `purge` (varnishd -a purge=127.0.0.1:6091, see
# docs/deploy.md), which the TLS proxy never forwards to: on the readers' socket every request may have come
# through the proxy, whose address may be a purger's.
vcl 4.1;

import xkey;

# Set host and port to where `blattwerk serve` listens (HOST, PORT); one backend per web machine with a
# director when there are several (docs/deploy.md).
backend blattwerk {
    .host = "127.0.0.1";
    .port = "3000";
}

# Who may purge, on the `purge` socket: the hosts running Blattwerk (`blattwerk serve`, `blattwerk worker`, its
# commands), which have BLATTWERK_VARNISH_URL pointing at that socket. Add their addresses when they run on other
# machines.
acl purgers {
    "127.0.0.1";
    "::1";
}

# The TLS proxy (nginx, Caddy) in front of Varnish on this machine.
acl tls_proxy {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # Varnish appended the TLS proxy's address to X-Forwarded-For; Blattwerk (BLATTWERK_TRUST_PROXY=1) takes the
    # last entry as the reader, for its rate limits: that is the one the TLS proxy appended.
    if (client.ip ~ tls_proxy && req.http.X-Forwarded-For ~ ",") {
        set req.http.X-Forwarded-For = regsub(req.http.X-Forwarded-For, "\s*,[^,]*$", "");
    }
    if (local.socket == "purge") {
        if (req.method != "PURGE" || client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey) {
            return (synth(400, "PURGE needs an xkey header"));
        }
        if (req.http.Xkey-Purge == "hard") {
            set req.http.n-gone = xkey.purge(req.http.xkey);
        } else {
            set req.http.n-gone = xkey.softpurge(req.http.xkey);
        }
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }
    if (req.method == "PURGE") {
        return (synth(403, "Forbidden"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff area, APIs, a reader's own pages and forms (News folgen, Meine News, sharing, mail and push
    # settings, the old language switch's redirect): never from the cache, with every cookie. Blattwerk marks
    # them private anyway; passing them here keeps them out of the cache even if a route forgets.
    if (req.url ~ "^(/en)?/(redaktion|api|folgen|meine-news|teilen|sprache|push|mail|suche|search|vorschau)(/|\?|$)"
        || req.url ~ "^(/en)?/artikel/[^/?]+/(folgen|teilen)(\?|$)") {
        return (pass);
    }
    # Campaign and click ids: no page reads them, and Blattwerk's own cache leaves pages with unknown parameters
    # uncached. Without them the request is the page readers share.
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga)=") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga)=[^&]*&?", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    # Accept-Encoding needs nothing here: Varnish itself (http_gzip_support, on by default) asks Blattwerk for
    # gzip, keeps that one body and unzips it for the rare client without gzip.
    return (hash);
}

sub vcl_backend_fetch {
    # A background fetch refreshes a stale page (purged, or past its s-maxage): Blattwerk renders it anew rather
    # than answer from a web process's memory, which may not have dropped its copy yet. Never from a client.
    if (bereq.is_bgfetch) {
        set bereq.http.Blattwerk-Refetch = "1";
    } else {
        unset bereq.http.Blattwerk-Refetch;
    }
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || !(beresp.http.Cache-Control ~ "(s-maxage|immutable)") || beresp.http.Vary ~ "\*") {
        # Remember for two minutes that this URL is not cached, so requests for it do not queue behind each other.
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Varnish turns s-maxage into the ttl and stale-while-revalidate into the grace itself.
    set beresp.http.xkey = beresp.http.Surrogate-Key;
    unset beresp.http.Surrogate-Key;
    # Encoding is Varnish's (one gzipped body for every client), so the stored copy does not vary on it; browsers
    # get the original Vary.
    set beresp.http.X-Blattwerk-Vary = beresp.http.Vary;
    set beresp.http.Vary = regsub(beresp.http.Vary, "(?i)\bAccept-Encoding\b\s*,?\s*", "");
    set beresp.http.Vary = regsub(beresp.http.Vary, "[\s,]+$", "");
    if (beresp.http.Vary == "") {
        unset beresp.http.Vary;
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.xkey;
    if (resp.http.X-Blattwerk-Vary) {
        set resp.http.Vary = resp.http.X-Blattwerk-Vary;
        unset resp.http.X-Blattwerk-Vary;
    }
    # Stale: served from grace (after a soft purge or expiry) while the fresh page is fetched.
    if (obj.hits > 0 && obj.ttl < 0s) {
        set resp.http.X-Cache = "STALE";
    } else if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    return (deliver);
}
