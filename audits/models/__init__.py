from .audits import Audit, AuditAreaSummary, AuditEvent, AuditScore, AuditTeamMember
from .confirmations import PartnerConfirmation
from .editions import Edition, Enrolment, Stage
from .protocols import AuditProtocol, AuditRecommendation, ProtocolCounter, RecommendationAnswer
from .rulebooks import Criterion, CriterionArea, RulebookVersion
from .self_assessments import (
    ActionPlanItem,
    CriterionAnswer,
    DangerousPlace,
    Evidence,
    SelfAssessment,
    SelfAssessmentEvent,
    SelfAssessmentReminder,
)

__all__ = [
    "ActionPlanItem", "Audit", "AuditAreaSummary", "AuditEvent", "AuditProtocol", "AuditRecommendation", "AuditScore",
    "AuditTeamMember", "Criterion", "CriterionAnswer", "CriterionArea", "DangerousPlace", "Edition", "Enrolment",
    "Evidence", "PartnerConfirmation",
    "ProtocolCounter", "RecommendationAnswer", "RulebookVersion", "SelfAssessment", "SelfAssessmentEvent",
    "SelfAssessmentReminder", "Stage",
]
