from koers.workflow import Workflow

from .models import ProgrammeStatus as S

PROGRAMME_WORKFLOW = Workflow(
    choices=S,
    transitions={
        S.CONCEPT: frozenset({S.ACTIEF, S.GEARCHIVEERD}),
        S.ACTIEF: frozenset({S.AFGEROND}),
        S.AFGEROND: frozenset({S.ACTIEF, S.GEARCHIVEERD}),
        S.GEARCHIVEERD: frozenset(),
    },
)
