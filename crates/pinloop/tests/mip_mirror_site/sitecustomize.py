"""Host-side test support for `mpremote mip install`: with PINLOOP_MIP_MIRROR
set, urllib reads every http(s) URL from MIRROR/HOST/PATH (the test mirror
tests/conformance/mip_mirror) instead of the network, which the tests do
not have. Put on PYTHONPATH by crates/pinloop/tests/device.rs."""

import email.message
import io
import os
import urllib.error
import urllib.request
import urllib.response

MIRROR = os.environ.get("PINLOOP_MIP_MIRROR")


class MirrorHandler(urllib.request.BaseHandler):
    handler_order = 100  # before the real HTTP(S) handlers

    def _open(self, request):
        url = request.full_url
        path = os.path.join(MIRROR, url.partition("://")[2])
        if not os.path.isfile(path):
            raise urllib.error.HTTPError(url, 404, "Not Found (mirror)",
                                         email.message.Message(), io.BytesIO())
        with open(path, "rb") as source:
            body = source.read()
        response = urllib.response.addinfourl(io.BytesIO(body), email.message.Message(), url, 200)
        response.msg = "OK"
        return response

    http_open = _open
    https_open = _open


if MIRROR:
    urllib.request.install_opener(urllib.request.build_opener(MirrorHandler))
