"""The services a docset is built for when none are named: those the bundled notes are about."""

from __future__ import annotations

DEFAULT_SERVICES = (
    "sagemaker",
    "sagemaker-runtime",
    "comprehend",
    "comprehendmedical",
    "polly",
    "transcribe",
    "lexv2-runtime",
    "lexv2-models",
    "personalize",
    "personalize-runtime",
    "sqs",
    "stepfunctions",
    "kms",
    "cloudtrail",
    "ecr",
    "eks",
    "codebuild",
    "codecommit",
    "greengrassv2",
    "autoscaling",
    "application-autoscaling",
    "ec2",
    "s3",
    "iam",
    "sts",
    "lambda",
    "rekognition",
    "translate",
    "textract",
)
"""botocore service names: the services the bundled notes are about."""
