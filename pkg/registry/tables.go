package registry

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/duration"
	"k8s.io/apiserver/pkg/registry/rest"
)

// Column is one column of a kind's table, as `kubectl get` prints it: its definition
// and the cell of one object. Columns of priority 0 are always printed; those of
// priority 1 only with -o wide. A kind's columns are a field of its row in the table
// of kinds (columns.go); every table starts with NAME and has AGE after the priority-0
// columns, as Kubernetes' own tables do.
type Column struct {
	metav1.TableColumnDefinition
	// Cell is the value of the column for one object of the kind: a string, int64,
	// float64 or bool, matching the definition's type.
	Cell func(obj runtime.Object) interface{}
}

// column is a priority-0 column of a kind whose objects are T. typ is an OpenAPI type
// ("string", "integer", "number", "boolean").
func column[T runtime.Object](name, typ, description string, cell func(T) interface{}) Column {
	return Column{
		TableColumnDefinition: metav1.TableColumnDefinition{Name: name, Type: typ, Description: description},
		Cell: func(obj runtime.Object) interface{} {
			typed, ok := obj.(T)
			if !ok {
				return unknownCell
			}
			return cell(typed)
		},
	}
}

// wide returns the column at priority 1: printed with -o wide only.
func (c Column) wide() Column {
	c.Priority = 1
	return c
}

const (
	// noneCell and unknownCell are what Kubernetes' printers show for an unset value
	// and for one that cannot be known.
	noneCell    = "<none>"
	unknownCell = "<unknown>"
)

var objectMetaDescriptions = metav1.ObjectMeta{}.SwaggerDoc()

// tableConvertor serves a kind's table (rest.TableConvertor). Its column definitions
// are put together once, when the kind's store is built.
type tableConvertor struct {
	resource schema.GroupResource
	// definitions are NAME, the always-printed columns, AGE, then the -o wide columns;
	// leading and trailing are the cells before and after AGE.
	definitions       []metav1.TableColumnDefinition
	leading, trailing []Column
}

var _ rest.TableConvertor = &tableConvertor{}

func newTableConvertor(resource schema.GroupResource, columns []Column) *tableConvertor {
	c := &tableConvertor{resource: resource}
	for _, col := range columns {
		if col.Priority == 0 {
			c.leading = append(c.leading, col)
		} else {
			c.trailing = append(c.trailing, col)
		}
	}
	c.definitions = append(c.definitions, metav1.TableColumnDefinition{
		Name: "Name", Type: "string", Format: "name", Description: objectMetaDescriptions["name"],
	})
	for _, col := range c.leading {
		c.definitions = append(c.definitions, col.TableColumnDefinition)
	}
	c.definitions = append(c.definitions, metav1.TableColumnDefinition{
		Name: "Age", Type: "string", Description: objectMetaDescriptions["creationTimestamp"],
	})
	for _, col := range c.trailing {
		c.definitions = append(c.definitions, col.TableColumnDefinition)
	}
	return c
}

// ConvertToTable implements rest.TableConvertor. Each row carries its object, from which
// the generic handler serves includeObject (kubectl --sort-by sorts on it).
func (c *tableConvertor) ConvertToTable(_ context.Context, object runtime.Object, tableOptions runtime.Object) (*metav1.Table, error) {
	table := &metav1.Table{}
	row := func(obj runtime.Object) error {
		m, err := meta.Accessor(obj)
		if err != nil {
			return notAcceptable{resource: c.resource}
		}
		cells := make([]interface{}, 0, len(c.definitions))
		cells = append(cells, m.GetName())
		for _, col := range c.leading {
			cells = append(cells, col.Cell(obj))
		}
		cells = append(cells, age(m.GetCreationTimestamp()))
		for _, col := range c.trailing {
			cells = append(cells, col.Cell(obj))
		}
		table.Rows = append(table.Rows, metav1.TableRow{Cells: cells, Object: runtime.RawExtension{Object: obj}})
		return nil
	}
	if meta.IsListType(object) {
		table.Rows = make([]metav1.TableRow, 0, meta.LenList(object))
		if err := meta.EachListItem(object, row); err != nil {
			return nil, err
		}
	} else if err := row(object); err != nil {
		return nil, err
	}
	if l, err := meta.ListAccessor(object); err == nil {
		table.ResourceVersion = l.GetResourceVersion()
		table.Continue = l.GetContinue()
		table.RemainingItemCount = l.GetRemainingItemCount()
	} else if m, err := meta.CommonAccessor(object); err == nil {
		table.ResourceVersion = m.GetResourceVersion()
	}
	if opts, ok := tableOptions.(*metav1.TableOptions); !ok || !opts.NoHeaders {
		table.ColumnDefinitions = c.definitions
	}
	return table, nil
}

// age is the AGE cell, as Kubernetes' printers write it ("5m", "3d").
func age(created metav1.Time) string {
	if created.IsZero() {
		return unknownCell
	}
	return duration.HumanDuration(time.Since(created.Time))
}

// notAcceptable is the 406 of an object that cannot be put in a table.
type notAcceptable struct{ resource schema.GroupResource }

func (e notAcceptable) Error() string {
	return fmt.Sprintf("the resource %s does not support being converted to a Table", e.resource)
}

func (e notAcceptable) Status() metav1.Status {
	return metav1.Status{
		Status: metav1.StatusFailure, Code: http.StatusNotAcceptable,
		Reason: metav1.StatusReason("NotAcceptable"), Message: e.Error(),
	}
}
