// ---- kernel0: r0:ccc
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v4 : !llvm.ptr -> i64
  %bp2 = llvm.getelementptr %bufs[2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr2 = llvm.load %bp2 : !llvm.ptr -> !llvm.ptr
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride2 = llvm.load %v5 : !llvm.ptr -> i64
  scf.for %row = %begin to %end step %c1 : i64 {
    %t = arith.remsi %row, %tiles : i64
    %r0 = arith.divsi %row, %tiles : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %base0 = arith.addi %tb0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %base1 = arith.addi %tb1, %c0 : i64
    %tb2 = arith.muli %tstart, %istride2 : i64
    %base2 = arith.addi %tb2, %c0 : i64
    %v6 = arith.constant 0 : i1
    scf.for %v7 = %c0 to %vend16 step %cw16 : i64 {
      %v10 = arith.addi %base0, %v7 : i64
      %v11 = llvm.getelementptr %ptr0[%v10] : (!llvm.ptr, i64) -> !llvm.ptr, i8
      %v12 = llvm.load %v11 {alignment = 1 : i64} : !llvm.ptr -> vector<16xi8>
      %v13 = arith.constant 0 : i8
      %v14 = vector.broadcast %v13 : i8 to vector<16xi8>
      %v9 = arith.cmpi ne, %v12, %v14 : vector<16xi8>
      %v16 = arith.addi %base1, %v7 : i64
      %v17 = llvm.getelementptr %ptr1[%v16] : (!llvm.ptr, i64) -> !llvm.ptr, i8
      %v18 = llvm.load %v17 {alignment = 1 : i64} : !llvm.ptr -> vector<16xi8>
      %v19 = arith.constant 0 : i8
      %v20 = vector.broadcast %v19 : i8 to vector<16xi8>
      %v15 = arith.cmpi ne, %v18, %v20 : vector<16xi8>
      %v21 = arith.andi %v9, %v15 : vector<16xi1>
      %v22 = vector.broadcast %v6 : i1 to vector<16xi1>
      %v23 = arith.cmpi eq, %v21, %v22 : vector<16xi1>
      %v24 = arith.addi %base2, %v7 : i64
      %v25 = llvm.getelementptr %ptr2[%v24] : (!llvm.ptr, i64) -> !llvm.ptr, i8
      %v26 = arith.extui %v23 : vector<16xi1> to vector<16xi8>
      llvm.store %v26, %v25 {alignment = 1 : i64} : vector<16xi8>, !llvm.ptr
    }
    scf.for %v27 = %vend16 to %len step %c1 : i64 {
      %v30 = arith.addi %base0, %v27 : i64
      %v31 = llvm.getelementptr %ptr0[%v30] : (!llvm.ptr, i64) -> !llvm.ptr, i8
      %v32 = llvm.load %v31 {alignment = 1 : i64} : !llvm.ptr -> i8
      %v33 = arith.constant 0 : i8
      %v29 = arith.cmpi ne, %v32, %v33 : i8
      %v35 = arith.addi %base1, %v27 : i64
      %v36 = llvm.getelementptr %ptr1[%v35] : (!llvm.ptr, i64) -> !llvm.ptr, i8
      %v37 = llvm.load %v36 {alignment = 1 : i64} : !llvm.ptr -> i8
      %v38 = arith.constant 0 : i8
      %v34 = arith.cmpi ne, %v37, %v38 : i8
      %v39 = arith.andi %v29, %v34 : i1
      %v40 = arith.cmpi eq, %v39, %v6 : i1
      %v41 = arith.addi %base2, %v27 : i64
      %v42 = llvm.getelementptr %ptr2[%v41] : (!llvm.ptr, i64) -> !llvm.ptr, i8
      %v43 = arith.extui %v40 : i1 to i8
      llvm.store %v43, %v42 {alignment = 1 : i64} : i8, !llvm.ptr
    }
  }
  return
}
