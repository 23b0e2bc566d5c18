"""Citizen satisfaction surveys without Django: questionnaires as data (an XLSForm-like workbook),
skip logic, answer checks, index arithmetic, confidence intervals and sample sizes.

See docs/surveys.md. Modules: ``questionnaire`` (layout, loader, validation), ``logic`` (the
``relevant`` expressions), ``answers`` (checking a respondent's answers), ``indices`` (the
arithmetic), ``workbook`` (reading the XLSX into sheets).
"""

from .answers import AnswerProblem, Checked, check_answers, check_question, visible_sections
from .indices import IndexResult, attainment, compute, mean_of, q2, sample_size, wilson, z_value
from .logic import ExpressionError, evaluate, parse_expression
from .questionnaire import Problem, Questionnaire, QuestionnaireError, load_questionnaire

__all__ = [
    "AnswerProblem",
    "Checked",
    "ExpressionError",
    "IndexResult",
    "Problem",
    "Questionnaire",
    "QuestionnaireError",
    "attainment",
    "check_answers",
    "check_question",
    "compute",
    "evaluate",
    "load_questionnaire",
    "mean_of",
    "parse_expression",
    "q2",
    "sample_size",
    "visible_sections",
    "wilson",
    "z_value",
]
