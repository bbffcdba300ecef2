// ---- kernel0: r1:ccc
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
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %size0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v4 : !llvm.ptr -> i64
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride0_0 = llvm.load %v5 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v6 = llvm.getelementptr %geo[6] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v6 : !llvm.ptr -> i64
  %v7 = llvm.getelementptr %geo[7] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride1_0 = llvm.load %v7 : !llvm.ptr -> i64
  %bp2 = llvm.getelementptr %bufs[2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr2 = llvm.load %bp2 : !llvm.ptr -> !llvm.ptr
  %v8 = llvm.getelementptr %geo[8] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride2 = llvm.load %v8 : !llvm.ptr -> i64
  %v9 = llvm.getelementptr %geo[9] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride2_0 = llvm.load %v9 : !llvm.ptr -> i64
  %stiles1 = arith.maxsi %tiles, %c1 : i64
  %st = arith.remsi %begin, %stiles1 : i64
  %sr1 = arith.divsi %begin, %stiles1 : i64
  %ssize1_0 = arith.maxsi %size0, %c1 : i64
  %si0 = arith.remsi %sr1, %ssize1_0 : i64
  %sr0 = arith.divsi %sr1, %ssize1_0 : i64
  %ststart = arith.muli %st, %tile : i64
  %rows_end:2 = scf.for %row = %begin to %end step %c1 iter_args(%t = %st, %i0 = %si0) -> (i64, i64) : i64 {
    %nt1 = arith.addi %t, %c1 : i64
    %ncarry = arith.cmpi eq, %nt1, %tiles : i64
    %nt = arith.select %ncarry, %c0, %nt1 : i64
    %ni0_up = arith.addi %i0, %c1 : i64
    %ni0_c = arith.select %ncarry, %ni0_up, %i0 : i64
    %ni0_wrap = arith.cmpi eq, %ni0_c, %size0 : i64
    %ni0 = arith.select %ni0_wrap, %c0, %ni0_c : i64
    %ntstart = arith.muli %nt, %tile : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %ob0_0 = arith.muli %i0, %ostride0_0 : i64
    %base0_0 = arith.addi %tb0, %ob0_0 : i64
    %base0 = arith.addi %base0_0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %ob1_0 = arith.muli %i0, %ostride1_0 : i64
    %base1_0 = arith.addi %tb1, %ob1_0 : i64
    %base1 = arith.addi %base1_0, %c0 : i64
    %tb2 = arith.muli %tstart, %istride2 : i64
    %ob2_0 = arith.muli %i0, %ostride2_0 : i64
    %base2_0 = arith.addi %tb2, %ob2_0 : i64
    %base2 = arith.addi %base2_0, %c0 : i64
    scf.for %v12 = %c0 to %vend16 step %cw16 : i64 {
      %v15 = arith.addi %base0, %v12 : i64
      %v16 = llvm.getelementptr %ptr0[%v15] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v17 = llvm.load %v16 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v19 = arith.addi %base1, %v12 : i64
      %v20 = llvm.getelementptr %ptr1[%v19] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v21 = llvm.load %v20 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v22 = arith.addf %v17, %v21 fastmath<contract> : vector<16xf32>
      %v23 = arith.addi %base2, %v12 : i64
      %v24 = llvm.getelementptr %ptr2[%v23] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v22, %v24 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    %v25 = arith.cmpi sgt, %len, %vend16 : i64
    scf.if %v25 {
      %v28 = arith.subi %len, %vend16 : i64
      %v29 = arith.index_cast %v28 : i64 to index
      %v30 = vector.create_mask %v29 : vector<16xi1>
      %v32 = arith.addi %base0, %vend16 : i64
      %v33 = llvm.getelementptr %ptr0[%v32] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v35 = llvm.mlir.zero : vector<16xf32>
      %v34 = llvm.intr.masked.load %v33, %v30, %v35 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v37 = arith.addi %base1, %vend16 : i64
      %v38 = llvm.getelementptr %ptr1[%v37] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v40 = llvm.mlir.zero : vector<16xf32>
      %v39 = llvm.intr.masked.load %v38, %v30, %v40 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v41 = arith.addf %v34, %v39 fastmath<contract> : vector<16xf32>
      %v42 = arith.addi %base2, %vend16 : i64
      %v43 = llvm.getelementptr %ptr2[%v42] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.intr.masked.store %v41, %v43, %v30 {alignment = 4 : i32} : vector<16xf32>, vector<16xi1> into !llvm.ptr
    }
    scf.yield %nt, %ni0 : i64, i64
  }
  return
}
