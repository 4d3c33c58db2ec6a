"""Names shown to people who need to recognise someone, not to know who they are (a permit's public check)."""


def mask_name(name: str) -> str:
    """The first character, then one star for each other character: 王芳 → 王*, 欧阳娜娜 → 欧***. A checker compares
    the photo with the face; the name only confirms the card is not someone else's."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)
