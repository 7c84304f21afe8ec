"""Where the links in an e-mail lead. A sign-in link (tandem/accounts/links.py) carries a token,
not its page: the link's row knows the page. Tests that want "the e-mail leads to this page"
ask here, for sign-in links and plain addresses alike."""

import re
import urllib.parse

URL = re.compile(r"https?://[^\s<>\"]+")


def link_targets(text: str) -> list[str]:
    """The page each address in `text` leads to: a sign-in link's page, else its own path."""
    from tandem.accounts import links

    targets = []
    for url in URL.findall(text):
        parts = urllib.parse.urlsplit(url)
        if parts.path.endswith("/signin/link/open/"):
            token = urllib.parse.parse_qs(parts.query).get(links.TOKEN_NAME, [""])[0]
            found = links.find(token)
            targets.append(found.next if found is not None else "")
        else:
            targets.append(parts.path)
    return targets


def leads_to(text: str, path: str) -> bool:
    return path in link_targets(text)
