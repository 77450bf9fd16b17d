"""Each student's own company for the graded exercises (每位学生自己的公司).

The assignments in ``exercises/`` ask every student to type a student number (学号); the
number fixes a seed and the seed a small synthetic company drawn by
:func:`crmlab.data.generate_world`. Two students therefore compute on different data, the
autograder recomputes the expected answers from the same number, and nothing about the
answers is written into the assignment.

- :func:`student_seed` turns a student number into the generator's seed (a stable hash:
  the same number gives the same seed on every machine and Python version);
- :func:`student_world` returns that student's :class:`~crmlab.data.World`
  (:data:`STUDENT_CUSTOMERS` customers: it is drawn in well under a second).

A number is cleaned before use: surrounding spaces dropped, full-width characters made
half-width (``"２０２６"`` is ``"2026"``), letters upper-cased. It must then be 4 to 20
letters or digits; anything else raises :class:`StudentNumberError` with a message in
Chinese and English.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

from crmlab.data._generate import World, generate_world

__all__ = [
    "STUDENT_CUSTOMERS",
    "StudentNumberError",
    "clean_student_number",
    "student_seed",
    "student_world",
]

#: Customers in a student's company: enough for every chapter's analysis (about 240 survey
#: answers, 5 000 order lines), small enough to draw in a fraction of a second.
STUDENT_CUSTOMERS = 800

#: The hash's salt: changing it gives every student a new company (never change it mid-term).
_SALT = "crmlab-exercises-v1"
_VALID = re.compile(r"[0-9A-Z]{4,20}")


class StudentNumberError(ValueError):
    """A student number that is empty or not 4–20 letters and digits (学号无效).

    Examples
    --------
    >>> err = StudentNumberError("学号为空 — the student number is empty")
    >>> isinstance(err, ValueError)
    True
    """


def clean_student_number(student_number: str | int) -> str:
    """The student number as the exercises use it: trimmed, half-width, upper-case.

    Parameters
    ----------
    student_number
        What the student typed in ``STUDENT_NUMBER`` (a string; an integer is accepted).

    Returns
    -------
    str
        The cleaned number, 4 to 20 characters ``0-9`` / ``A-Z``.

    Raises
    ------
    StudentNumberError
        Empty, ``None``, or anything but 4–20 letters and digits after cleaning; the
        message says in Chinese and English what to type.

    Examples
    --------
    >>> clean_student_number(" ２０２６０００００１ ")
    '2026000001'
    >>> clean_student_number("s2026001")
    'S2026001'
    >>> clean_student_number("")
    Traceback (most recent call last):
    ...
    crmlab.data._student.StudentNumberError: 学号为空：请在第一个代码单元格的引号中填写你的学号...
    """
    if isinstance(student_number, bool) or not isinstance(
        student_number, (str, int, np.integer, type(None))
    ):
        raise StudentNumberError(
            f"学号应当是引号中的文字，而不是 {type(student_number).__name__}："
            f'例如 STUDENT_NUMBER = "2026000001"。 — STUDENT_NUMBER must be text in quotes, '
            f'not {type(student_number).__name__}, e.g. STUDENT_NUMBER = "2026000001".'
        )
    text = "" if student_number is None else str(student_number)
    text = unicodedata.normalize("NFKC", text).strip().upper()
    if not text:
        raise StudentNumberError(
            "学号为空：请在第一个代码单元格的引号中填写你的学号，"
            '例如 STUDENT_NUMBER = "2026000001"，然后从头运行。'
            " — STUDENT_NUMBER is empty: type your student number between the quotes in the"
            ' first code cell, e.g. STUDENT_NUMBER = "2026000001", then run all cells from the top.'
        )
    if not _VALID.fullmatch(text):
        raise StudentNumberError(
            f"学号 {text!r} 无效：学号应为 4 到 20 位字母或数字，不含空格和标点。"
            f" — student number {text!r} is invalid: use 4 to 20 letters or digits,"
            " no spaces or punctuation."
        )
    return text


def student_seed(student_number: str | int) -> int:
    """The generator seed of a student's company: a stable hash of the cleaned number.

    SHA-256 of the salted, cleaned number, first eight bytes, as an integer below 2**63;
    unlike Python's ``hash`` it is the same on every machine and in every session.

    Parameters
    ----------
    student_number
        The student number (see :func:`clean_student_number` for what is accepted).

    Returns
    -------
    int
        A seed for :func:`crmlab.data.generate_world`.

    Raises
    ------
    StudentNumberError
        For an empty or invalid number.

    Examples
    --------
    >>> student_seed("2026000001") == student_seed(" 2026000001")
    True
    >>> student_seed("2026000001") == student_seed("2026000002")
    False
    >>> 0 <= student_seed(2026000001) < 2**63
    True
    """
    number = clean_student_number(student_number)
    digest = hashlib.sha256(f"{_SALT}:{number}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def student_world(student_number: str | int, n_customers: int = STUDENT_CUSTOMERS) -> World:
    """The company a student analyses in the graded exercises (学生自己的公司).

    The same generative model as :func:`crmlab.data.generate_world` (the six tables and
    the truth), drawn with the seed :func:`student_seed` derives from the number: every
    student gets her own data, and the autograder, given the same number, the same data.

    Parameters
    ----------
    student_number
        What the student typed in ``STUDENT_NUMBER``.
    n_customers
        Customers in the company (default :data:`STUDENT_CUSTOMERS`).

    Returns
    -------
    World
        ``world.customers``, ``world.transactions``, ``world.leads``, ``world.survey``,
        ``world.service_contacts``, ``world.memberships`` (and ``world.truth``, whose
        ``settings`` also record ``student_number``).

    Raises
    ------
    StudentNumberError
        For an empty or invalid number, in Chinese and English.

    Examples
    --------
    >>> world = student_world("2026000001")
    >>> len(world.customers)
    800
    >>> world.truth["settings"]["student_number"]
    '2026000001'
    >>> other = student_world("2026000002")
    >>> len(world.transactions) == len(other.transactions)
    False
    """
    number = clean_student_number(student_number)
    world = generate_world(n_customers, seed=student_seed(number))
    world.truth["settings"]["student_number"] = number
    return world
