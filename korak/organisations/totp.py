import base64

import segno
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django_otp.plugins.otp_totp.models import TOTPDevice


def enrolment_secret(device: TOTPDevice) -> str:
    """The base32 secret an authenticator app accepts when typed in."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def enrolment_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// QR code as an inline SVG image (no script, no external request)."""
    svg = segno.make(device.config_url, error="m").svg_data_uri(scale=4)
    return format_html('<img src="{}" alt="" width="200" height="200">', svg)
