"""A small Python 3-only stand-in for `six`, which StackStorm's own environment gave every pack.

It is last on sys.path: a pack whose requirements install the real `six` gets the real one. It
covers what Exchange packs use: the type aliases, iteration helpers, `six.moves` (urllib,
http_client, StringIO, configparser, queue, range, ...), metaclass helpers, reraise and the
ensure_* conversions.
"""

import builtins
import functools
import io
import sys
import types

PY2 = False
PY3 = True
PY34 = True

string_types = (str,)
integer_types = (int,)
class_types = (type,)
text_type = str
binary_type = bytes
MAXSIZE = sys.maxsize

StringIO = io.StringIO
BytesIO = io.BytesIO
print_ = builtins.print
exec_ = getattr(builtins, "exec")
advance_iterator = next
next = next  # noqa: A001
callable = callable  # noqa: A001
get_unbound_function = lambda function: function  # noqa: E731
create_bound_method = types.MethodType
wraps = functools.wraps
unichr = chr
int2byte = lambda i: bytes((i,))  # noqa: E731
byte2int = lambda bs: bs[0]  # noqa: E731
indexbytes = lambda buf, i: buf[i]  # noqa: E731
iterbytes = iter


def b(s):
    return s.encode("latin-1")


def u(s):
    return s


def iterkeys(d, **kw):
    return iter(d.keys(**kw))


def itervalues(d, **kw):
    return iter(d.values(**kw))


def iteritems(d, **kw):
    return iter(d.items(**kw))


def iterlists(d, **kw):
    return iter(d.lists(**kw))


viewkeys = lambda d: d.keys()  # noqa: E731
viewvalues = lambda d: d.values()  # noqa: E731
viewitems = lambda d: d.items()  # noqa: E731


def reraise(tp, value, tb=None):
    if value is None:
        value = tp()
    if value.__traceback__ is not tb:
        raise value.with_traceback(tb)
    raise value


def raise_from(value, from_value):
    raise value from from_value


def with_metaclass(meta, *bases):
    """class X(with_metaclass(Meta, Base)): ..."""

    class Temporary(meta):
        def __new__(cls, name, this_bases, d):
            return meta(name, bases, d)

        @classmethod
        def __prepare__(cls, name, this_bases):
            return meta.__prepare__(name, bases)

    return type.__new__(Temporary, "temporary_class", (), {})


def add_metaclass(metaclass):
    """@add_metaclass(Meta) class X: ..."""

    def wrapper(cls):
        body = dict(cls.__dict__)
        slots = body.get("__slots__")
        if slots is not None:
            for slot in [slots] if isinstance(slots, str) else slots:
                body.pop(slot)
        body.pop("__dict__", None)
        body.pop("__weakref__", None)
        if hasattr(cls, "__qualname__"):
            body["__qualname__"] = cls.__qualname__
        return metaclass(cls.__name__, cls.__bases__, body)

    return wrapper


def python_2_unicode_compatible(klass):
    return klass


def ensure_binary(s, encoding="utf-8", errors="strict"):
    if isinstance(s, bytes):
        return s
    if isinstance(s, str):
        return s.encode(encoding, errors)
    raise TypeError("not expecting type '%s'" % type(s))


def ensure_str(s, encoding="utf-8", errors="strict"):
    if isinstance(s, str):
        return s
    if isinstance(s, bytes):
        return s.decode(encoding, errors)
    raise TypeError("not expecting type '%s'" % type(s))


ensure_text = ensure_str


def _moves():
    import configparser
    import html.parser
    import http.client
    import http.cookiejar
    import pickle
    import queue
    import reprlib
    import shlex
    import socketserver
    import urllib.error
    import urllib.parse
    import urllib.request
    import urllib.response
    import urllib.robotparser

    urllib_module = types.ModuleType("six.moves.urllib")
    urllib_module.parse = urllib.parse
    urllib_module.error = urllib.error
    urllib_module.request = urllib.request
    urllib_module.response = urllib.response
    urllib_module.robotparser = urllib.robotparser
    moves_module = types.ModuleType("six.moves")
    members = {
        "StringIO": io.StringIO,
        "cStringIO": io.StringIO,
        "BytesIO": io.BytesIO,
        "builtins": builtins,
        "configparser": configparser,
        "html_parser": html.parser,
        "http_client": http.client,
        "http_cookiejar": http.cookiejar,
        "cPickle": pickle,
        "queue": queue,
        "reprlib": reprlib,
        "socketserver": socketserver,
        "urllib": urllib_module,
        "urllib_parse": urllib.parse,
        "urllib_error": urllib.error,
        "urllib_request": urllib.request,
        "range": range,
        "xrange": range,
        "zip": zip,
        "map": map,
        "filter": filter,
        "input": input,
        "reduce": functools.reduce,
        "shlex_quote": shlex.quote,
        "intern": sys.intern,
        "getcwd": __import__("os").getcwd,
        "UserDict": __import__("collections").UserDict,
        "UserList": __import__("collections").UserList,
        "UserString": __import__("collections").UserString,
    }
    for name, value in members.items():
        setattr(moves_module, name, value)
    sys.modules["six.moves"] = moves_module
    sys.modules["six.moves.urllib"] = urllib_module
    for name in ("parse", "error", "request", "response", "robotparser"):
        sys.modules["six.moves.urllib.%s" % name] = getattr(urllib_module, name)
        sys.modules["six.moves.urllib_%s" % name] = getattr(urllib_module, name)
    for name in ("configparser", "http_client", "queue", "builtins", "html_parser", "socketserver"):
        sys.modules["six.moves.%s" % name] = members[name]
    return moves_module


moves = _moves()
