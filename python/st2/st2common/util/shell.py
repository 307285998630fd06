"""st2common.util.shell: quoting for shell command lines."""

import shlex

__all__ = ["quote_unix", "quote_windows"]


def quote_unix(value):
    return shlex.quote(str(value))


def quote_windows(value):
    text = str(value)
    return '"%s"' % text.replace('"', '\\"') if any(c in text for c in ' \t"') else text
