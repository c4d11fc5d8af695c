from .audits import Audit, AuditEvent, AuditScore, AuditTeamMember
from .editions import Edition, Enrolment, Stage
from .protocols import AuditProtocol, AuditRecommendation, ProtocolCounter, RecommendationAnswer
from .rulebooks import Criterion, CriterionArea, RulebookVersion
from .self_assessments import (
    ActionPlanItem,
    CriterionAnswer,
    Evidence,
    SelfAssessment,
    SelfAssessmentEvent,
    SelfAssessmentReminder,
)

__all__ = [
    "ActionPlanItem", "Audit", "AuditEvent", "AuditProtocol", "AuditRecommendation", "ProtocolCounter",
    "RecommendationAnswer", "AuditScore", "AuditTeamMember", "Criterion", "CriterionAnswer",
    "CriterionArea", "Edition", "Enrolment", "Evidence", "RulebookVersion", "SelfAssessment", "SelfAssessmentEvent",
    "SelfAssessmentReminder", "Stage",
]
