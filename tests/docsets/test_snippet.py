"""The boto3 call snippet: required parameters filled by type."""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

import pytest

from tui.docsets.model import ServiceModel
from tui.docsets.snippet import WIDTH, call_snippet, example_value


def model_with(shapes: dict[str, Any], required: list[str] | None = None) -> ServiceModel:
    """A service `demo` whose operation `DoIt` takes a member of each shape in `shapes`."""
    members = {name.capitalize(): {"shape": name} for name in shapes}
    data = {
        "metadata": {"serviceFullName": "Demo"},
        "operations": {"DoIt": {"name": "DoIt", "input": {"shape": "DoItInput"}}},
        "shapes": {
            **shapes,
            "DoItInput": {
                "type": "structure",
                "required": list(members) if required is None else required,
                "members": members,
            },
        },
    }
    return ServiceModel("demo", data)


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        ({"type": "string"}, '"string"'),
        ({"type": "string", "enum": ["ACTIVE", "INACTIVE"]}, '"ACTIVE"'),
        ({"type": "blob"}, 'b"bytes"'),
        ({"type": "integer", "min": 1}, "123"),
        ({"type": "long"}, "123"),
        ({"type": "float"}, "123.0"),
        ({"type": "double"}, "123.0"),
        ({"type": "boolean"}, "True"),
        ({"type": "timestamp"}, "datetime(2015, 1, 1)"),
    ],
)
def test_scalars_are_filled_by_type(shape: dict[str, Any], expected: str) -> None:
    assert example_value(model_with({"value": shape}), "value") == expected


def test_a_list_holds_one_example_item() -> None:
    model = model_with(
        {"names": {"type": "list", "member": {"shape": "name"}}, "name": {"type": "string"}}
    )
    assert example_value(model, "names") == '["string"]'


def test_a_map_holds_one_example_entry() -> None:
    shapes = {
        "tags": {"type": "map", "key": {"shape": "key"}, "value": {"shape": "count"}},
        "key": {"type": "string"},
        "count": {"type": "integer"},
    }
    assert example_value(model_with(shapes), "tags") == '{"string": 123}'


def test_a_structure_is_a_dict_of_its_required_members_only() -> None:
    shapes = {
        "config": {
            "type": "structure",
            "required": ["Name", "Inner"],
            "members": {
                "Name": {"shape": "text"},
                "Optional": {"shape": "text"},
                "Inner": {"shape": "inner"},
            },
        },
        "inner": {"type": "structure", "required": ["On"], "members": {"On": {"shape": "flag"}}},
        "text": {"type": "string"},
        "flag": {"type": "boolean"},
    }
    assert (
        example_value(model_with(shapes), "config") == '{"Name": "string", "Inner": {"On": True}}'
    )


def test_a_shape_that_contains_itself_stops() -> None:
    shapes = {
        "node": {
            "type": "structure",
            "required": ["Children"],
            "members": {"Children": {"shape": "nodes"}},
        },
        "nodes": {"type": "list", "member": {"shape": "node"}},
    }
    assert example_value(model_with(shapes), "node") == '{"Children": [{}]}'


def test_the_call_passes_required_parameters_only() -> None:
    shapes = {"text": {"type": "string"}, "flag": {"type": "boolean"}}
    source = call_snippet(model_with(shapes, required=["Text"]), "DoIt", "do_it")
    assert source.splitlines() == [
        "import boto3",
        "",
        'client = boto3.client("demo")',
        'response = client.do_it(Text="string")',
    ]


def test_a_timestamp_brings_its_import() -> None:
    source = call_snippet(model_with({"when": {"type": "timestamp"}}), "DoIt", "do_it")
    assert source.splitlines()[0] == "from datetime import datetime"
    assert source.splitlines()[-1] == "response = client.do_it(When=datetime(2015, 1, 1))"


def test_an_operation_without_input_is_called_bare() -> None:
    data = {"operations": {"ListAll": {"name": "ListAll"}}, "shapes": {}}
    source = call_snippet(ServiceModel("demo", data), "ListAll", "list_all")
    assert source.splitlines()[-1] == "response = client.list_all()"


def test_the_real_invoke_endpoint(service: Callable[[str], ServiceModel]) -> None:
    source = call_snippet(service("sagemaker-runtime"), "InvokeEndpoint", "invoke_endpoint")
    assert source.splitlines()[-2:] == [
        'client = boto3.client("sagemaker-runtime")',
        'response = client.invoke_endpoint(EndpointName="string", Body=b"bytes")',
    ]


@pytest.mark.parametrize(
    ("name", "operation"),
    [
        ("ec2", "RunInstances"),
        ("sagemaker", "CreateTrainingJob"),
        ("stepfunctions", "CreateStateMachine"),
    ],
)
def test_long_calls_are_valid_python_one_parameter_a_line(
    name: str, operation: str, service: Callable[[str], ServiceModel]
) -> None:
    from botocore import xform_name  # type: ignore[import-untyped]

    model = service(name)
    source = call_snippet(model, operation, xform_name(operation))
    ast.parse(source)
    assert all(len(line) <= WIDTH for line in source.splitlines())
    required = model.shape(model.operations[operation]["input"]["shape"]).get("required", [])
    call = ast.parse(source).body[-1]
    assert isinstance(call, ast.Assign) and isinstance(call.value, ast.Call)
    assert [keyword.arg for keyword in call.value.keywords] == list(required)


def test_a_call_too_long_for_a_line_puts_each_parameter_on_its_own(
    service: Callable[[str], ServiceModel],
) -> None:
    source = call_snippet(service("sagemaker"), "CreateTrainingJob", "create_training_job")
    assert source.splitlines()[3:] == [
        "response = client.create_training_job(",
        '    TrainingJobName="string",',
        '    RoleArn="string",',
        '    OutputDataConfig={"S3OutputPath": "string"},',
        ")",
    ]


def test_a_value_too_long_for_its_line_opens_up_too() -> None:
    fields = {f"Field{n:02}WithALongName": {"shape": "text"} for n in range(6)}
    shapes = {
        "config": {"type": "structure", "required": list(fields), "members": fields},
        "configs": {"type": "list", "member": {"shape": "config"}},
        "text": {"type": "string"},
    }
    source = call_snippet(model_with(shapes, required=["Configs"]), "DoIt", "do_it")
    lines = source.splitlines()[3:]
    assert lines[:4] == [
        "response = client.do_it(",
        "    Configs=[",
        "        {",
        '            "Field00WithALongName": "string",',
    ]
    assert lines[-3:] == ["        },", "    ],", ")"]
    assert ast.literal_eval(source.split("Configs=", 1)[1].rsplit(",", 1)[0]) == [
        dict.fromkeys(fields, "string")
    ]
